package org.dadda.federated.cli;

import org.dadda.federated.config.Shard;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Stage 1 on a local node. */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Stage 1 on a local node: load the category, split it (1/3 of each defect type for training),"
                + " run the Data Augmentation Module and send the upload (normal images and augmented masks only) to the"
                + " exchange folder."})
final class AugmentCommand extends CategoryCommand {
    @Mixin
    ExchangeOptions exchange;
    @Option(names = "--shard", paramLabel = "k/K", description = "This node holds shard k of K of the training data (default 1/1).")
    String shard;

    @Override
    ExchangeOptions exchange() {
        return exchange;
    }

    @Override
    void each(Pipeline p, String category) {
        p.augment(category, node.node, shard == null ? null : Shard.parse(shard));
    }
}
