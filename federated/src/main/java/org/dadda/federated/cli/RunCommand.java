package org.dadda.federated.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dadda.augment.data.SyntheticDatasetGenerator;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.report.RunReport;
import org.dadda.federated.run.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Every stage, end to end. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Every stage for one category or all: (built-in data when no --data: two categories with the quick"
                + " profile, all four otherwise), augment, server train, node"
                + " synthesize, train classifier and detector on the real, DAM, D-ADDA and D-ADDA+DAM training sets, measure the"
                + " synthesized pairs' quality, evaluate, the Table III"
                + " FedAvg grid, and the report. Re-running skips what is complete.",
            "Example: dadda run --out runs/quick   |   dadda run --data ../shared/data/hazelnut_toy --profile cpu --out runs/hz"})
final class RunCommand implements Callable<Integer> {
    /** The built-in categories a quick run writes when no --data is given (cpu and paper write all four). */
    static final List<String> QUICK_CATEGORIES = List.of("synth_fabric", "synth_pill");

    @Mixin
    RunOptions run;
    @Mixin
    DataOptions data;
    @Mixin
    NodeOptions node;
    @Option(names = "--init", paramLabel = "FILE.safetensors", description = "Pre-trained torchvision ResNet for F_cls (default: scratch).")
    Path init;
    @Option(names = "--grid", paramLabel = "paper|small|SPEC|none",
            description = "Table III grid (default: small for quick and standard, paper otherwise; none skips FedAvg).")
    String grid;
    @Option(names = "--reuse-from", paramLabel = "RUN_DIR",
            description = "Copy stage 1 and the server's G_I and G_M from another run folder on the same data and seed, so"
                    + " that an ablation (--conditioning, --gate-mode, --repeats) redoes only stage 3. Copied stages are still"
                    + " checked against this run's inputs and redone when they differ.")
    Path reuseFrom;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Before the built-in data is written into the folder: one writer per run folder.
        RunLock.acquire(run.out);
        if (data.data == null && !RunFolder.exists(run.out)) {
            Path builtIn = run.out.resolve("data");
            run.applyThreads();
            SyntheticDatasetGenerator g = new SyntheticDatasetGenerator(SyntheticDatasetGenerator.Settings.defaults(run.seed == null ? 0 : run.seed));
            // The quick profile keeps to a first run in minutes: one texture and one object.
            List<String> cats = run.profile == null || run.profile.equalsIgnoreCase("quick") ? QUICK_CATEGORIES
                    : SyntheticDatasetGenerator.categories();
            spec.commandLine().getErr().println("no --data: writing the built-in synthetic dataset " + cats + " to " + builtIn);
            spec.commandLine().getErr().flush();
            for (String c : cats) {
                g.writeCategory(c, builtIn);
            }
            data.data = builtIn;
        }
        Pipeline p = Commands.pipeline(run, data);
        List<String> cats = p.categories(data.category);
        Path initFile = TrainCommand.init(init);
        for (String c : cats) {
            if (reuseFrom != null && p.run().reuseUpstream(reuseFrom, c, node.node)) {
                spec.commandLine().getErr().println("reused stage 1 and stage 2 of " + c + " from " + reuseFrom);
            }
            p.augment(c, node.node, null);
        }
        for (String c : cats) {
            p.serverTrain(c);
        }
        List<Variant> all = List.of(Variant.values());
        for (String c : cats) {
            p.synthesize(c, node.node);
            p.trainClassifiers(c, node.node, initFile, all);
            p.trainDetectors(c, node.node, all);
            p.quality(c, node.node);
            p.evaluate(c, node.node, all);
            if (!"none".equals(grid)) {
                GridSpec g = grid == null ? FedAvgCommand.defaultGrid(p) : GridSpec.parse(grid);
                p.fedavg(c, node.node, g, initFile, Variant.DADDA);
            }
        }
        Path report = RunReport.write(p);
        spec.commandLine().getOut().println("report: " + report.toAbsolutePath());
        spec.commandLine().getOut().println("        " + report.resolveSibling("report.html").toAbsolutePath());
        return 0;
    }
}
