package org.dadda.federated.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.inspect.ModelBundle;
import org.dadda.federated.inspect.RunExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a model bundle from a finished run. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write one file (a zip) holding a run's trained classifier and detector of one category, their shapes,"
                + " the preprocessing and the image-score threshold, for dadda inspect or the Inspector API."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The finished run folder.")
    Path run;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle to write, e.g. model.dadda.")
    Path out;
    @Option(names = "--category", description = "The category (needed when the run has several).")
    String category;
    @Option(names = "--node", description = "The node whose models to take (default: the first with an evaluation).")
    String node;
    @Option(names = "--variant", description = "Training set: real, dam, dadda or dadda+dam (default: the best detector by"
            + " mean image-level AUROC in the run's evaluation).")
    String variant;
    @Option(names = "--threshold", description = "Image-score threshold in [0, 1] (default: F1-max on the run's test split).")
    Double threshold;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must lie in [0, 1], got " + threshold);
        }
        ModelBundle b = RunExport.bundle(run, category, node, variant == null ? null : Variant.of(variant), threshold);
        b.write(out);
        spec.commandLine().getOut().println(out.toAbsolutePath());
        spec.commandLine().getErr().println(String.format(Locale.ROOT, "exported %s (%s, node %s): classes %s, threshold %.4f (%s)",
                b.category(), b.source().variant(), b.source().node(), b.classes(), b.threshold().value(), b.threshold().chosenBy()));
        return 0;
    }
}
