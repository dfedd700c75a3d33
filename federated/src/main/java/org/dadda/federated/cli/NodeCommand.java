package org.dadda.federated.cli;

import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A local node's stage-3 synthesis. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "A local node (stage 3).",
        subcommands = NodeCommand.Synthesize.class)
final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing node command: synthesize");
    }

    @Command(name = "synthesize", mixinStandardHelpOptions = true,
            description = {"Stage 3 on a local node: fetch the server's G_I and G_M weights, sample masks from G_M for every defect"
                    + " type, fine-tune G_I with the gated cross-attention on the node's augmented defective pairs, and synthesize"
                    + " defective image/mask pairs (eq. 7)."})
    static final class Synthesize extends CategoryCommand {
        @Mixin
        ExchangeOptions exchange;

        @Override
        ExchangeOptions exchange() {
            return exchange;
        }

        @Override
        void each(Pipeline p, String category) {
            p.synthesize(category, node.node);
        }
    }
}
