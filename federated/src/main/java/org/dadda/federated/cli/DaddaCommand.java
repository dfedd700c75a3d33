package org.dadda.federated.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.dadda.federated.run.BuildVersion;
import org.dadda.federated.run.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code dadda} command line: every stage of D-ADDA on a run folder, one command per stage,
 * and {@code run} for all of them.
 */
@Command(name = "dadda", mixinStandardHelpOptions = true, versionProvider = DaddaCommand.Version.class,
        description = {"D-ADDA: distributed anomaly detection with attention-guided diffusion models and client-side defect"
                + " generation, on a pure-Java tensor engine.", "",
                "Quick start: dadda run --out runs/quick   (built-in synthetic data, quick profile)"},
        subcommands = {DataCommand.class, AugmentCommand.class, ServerCommand.class, PkiCommand.class, NodeCommand.class, TrainCommand.class,
            EvaluateCommand.class, RunCommand.class, FedAvgCommand.class, ReportCommand.class, ExportCommand.class, InspectCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Every command reads and writes a run folder (--out); a stage whose outputs are complete is skipped,"
                + " a partial one is redone.", "Exit status: 0 success, 1 bad input or failed stage, 2 bad usage."})
public final class DaddaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The build's version, for {@code dadda -V} and every subcommand's {@code -V}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dadda " + BuildVersion.get()};
        }
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CliLogging.install();
        int status;
        try {
            status = execute(args);
        } catch (OutOfMemoryError e) {
            status = outOfMemory(e);
        }
        System.exit(status);
    }

    /** The one-line hint an out-of-memory failure ends with; returns exit status 1. */
    static int outOfMemory(OutOfMemoryError e) {
        long max = Runtime.getRuntime().maxMemory();
        long suggestGiB = Math.max(2, (2 * max + (1L << 30) - 1) >> 30);
        System.err.println("dadda: out of memory (" + e.getMessage() + ", heap limit " + (max >> 20) + " MB): give the JVM more heap,"
                + " e.g. DADDA_HEAP=" + suggestGiB + "g ./dadda ... (at least twice this limit), or choose a smaller profile; the run resumes"
                + " where it stopped");
        return 1;
    }

    /** Runs the command line {@code args}; returns the exit status. */
    public static int execute(String... args) {
        try {
            return commandLine().execute(args);
        } finally {
            RunLock.releaseAll();
        }
    }

    /** The configured command line (error handling, exit codes). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DaddaCommand());
        useBuildVersion(cl);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            PrintWriter err = cmd.getErr();
            String resource = ResourceHint.of(ex);
            if (resource != null) {
                err.println("dadda " + cmd.getCommandName() + ": error: " + resource);
                if (System.getenv("DADDA_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
            } else if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException || ex instanceof IllegalStateException) {
                err.println("dadda " + cmd.getCommandName() + ": error: " + ex.getMessage()
                        + (System.getenv("DADDA_DEBUG") != null ? "" : " (DADDA_DEBUG=1 shows the stack trace)"));
                if (System.getenv("DADDA_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
            } else {
                err.println("dadda " + cmd.getCommandName() + ": unexpected failure: " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    private static void useBuildVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new Version());
        for (CommandLine sub : cl.getSubcommands().values()) {
            useBuildVersion(sub);
        }
    }
}
