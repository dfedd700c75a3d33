package org.dadda.federated.cli;

import java.util.concurrent.Callable;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Writes the report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write RUN_DIR/report.md and report.html: Tables I, II, III, VI and VII in the paper's layout with the"
                + " baselines beside D-ADDA, sample grids, ROC and PR curves."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline p = Commands.pipeline(run, null, spec.commandLine().getErr());
        spec.commandLine().getOut().println(p.report().toAbsolutePath());
        return 0;
    }
}
