package org.dadda.federated.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dadda.augment.data.SyntheticDatasetGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Datasets.", subcommands = DataCommand.Synth.class)
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing data command: synth");
    }

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = {"Write the built-in synthetic dataset in MVTec AD layout (two textures, two objects, three defect"
                    + " types each, exact masks), so that a first run needs nothing downloaded."})
    static final class Synth implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Dataset folder to write (one folder per category).")
        Path out;
        @Option(names = "--categories", paramLabel = "LIST", split = ",", description = "Categories to write (default: all of ${COMPLETION-CANDIDATES}).",
                completionCandidates = Categories.class)
        List<String> categories;
        @Option(names = "--size", paramLabel = "PX", description = "Image side in pixels, at least 32 (default ${DEFAULT-VALUE}).")
        int size = 128;
        @Option(names = "--train-good", paramLabel = "N", description = "Normal training images per category (default ${DEFAULT-VALUE}).")
        int trainGood = 30;
        @Option(names = "--test-good", paramLabel = "N", description = "Normal test images per category (default ${DEFAULT-VALUE}).")
        int testGood = 10;
        @Option(names = "--per-type", paramLabel = "N", description = "Defective images per defect type (default ${DEFAULT-VALUE}).")
        int perType = 9;
        @Option(names = "--seed", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SyntheticDatasetGenerator g = new SyntheticDatasetGenerator(
                    new SyntheticDatasetGenerator.Settings(size, trainGood, testGood, perType, seed));
            List<String> cats = categories == null ? SyntheticDatasetGenerator.categories() : categories;
            for (String c : cats) {
                SyntheticDatasetGenerator.defectTypes(c.trim());
            }
            for (String c : cats) {
                spec.commandLine().getOut().println(g.writeCategory(c.trim(), out).toAbsolutePath());
            }
            return 0;
        }
    }

    /** The built-in categories, for help and completion. */
    static final class Categories implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SyntheticDatasetGenerator.categories().iterator();
        }
    }
}
