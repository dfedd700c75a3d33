package org.dadda.federated.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dadda.federated.report.RunReport;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Writes the report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write RUN_DIR/report.md and report.html: the quality of the synthesized pairs, Tables I, II, III, VI"
                + " and VII in the paper's layout with the baselines beside D-ADDA, sample grids, ROC and PR curves; with"
                + " --compare, Tables IV (conditioning and gates) and V (diffusion steps) over the runs that differ in them."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;
    @Option(names = "--compare", paramLabel = "RUN_DIR", split = ",",
            description = "Other run folders on the same data (e.g. made with --reuse-from and another --gate-mode or"
                    + " --conditioning) whose D-ADDA figures become rows of Tables IV and V.")
    List<Path> compare = new ArrayList<>();
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline p = Commands.pipeline(run, null);
        spec.commandLine().getOut().println(RunReport.write(p, compare).toAbsolutePath());
        return 0;
    }
}
