package org.dadda.federated.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Stage 3's downstream training on a node. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Stage 3 on a local node: train the downstream models.",
        subcommands = {TrainCommand.Classifier.class, TrainCommand.Detector.class})
final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing model: classifier or detector");
    }

    /** Checks that an --init file exists. */
    static Path init(Path init) {
        if (init != null && !Files.isRegularFile(init)) {
            throw new IllegalArgumentException("--init " + init + " does not exist");
        }
        return init;
    }

    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = {"Train F_cls, the ResNet classifier of defect types, on each training set (real, DAM, D-ADDA),"
                    + " recording test accuracy per epoch: F-Pro (final epoch) and U-Pro (best epoch on the test set, optimistic)."})
    static final class Classifier extends CategoryCommand {
        @Mixin
        VariantOptions variants;
        @Option(names = "--init", paramLabel = "FILE.safetensors",
                description = "Start from a pre-trained torchvision ResNet (e.g. ImageNet weights) instead of from scratch.")
        Path init;

        @Override
        void each(Pipeline p, String category) {
            p.trainClassifiers(category, node.node, init(init), variants.chosen());
        }
    }

    @Command(name = "detector", mixinStandardHelpOptions = true,
            description = {"Train F_det/loc, the segmentation U-Net, on normal images plus each training set's defective images."})
    static final class Detector extends CategoryCommand {
        @Mixin
        VariantOptions variants;

        @Override
        void each(Pipeline p, String category) {
            p.trainDetectors(category, node.node, variants.chosen());
        }
    }
}
