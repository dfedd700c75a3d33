package org.dadda.federated.cli;

import org.dadda.federated.node.UploadAudit;

import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A local node's stage-3 synthesis. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "A local node (stage 3).",
        subcommands = {NodeCommand.Synthesize.class, NodeCommand.Audit.class, NodeFedAvgCommand.class})
final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing node command: synthesize, audit or fedavg");
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

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Check what this node sent to the server (its append-only sent.jsonl): no defective image of the"
                    + " node (training or test split, original size or the run's resolution) among the files, every image one"
                    + " of the node's normal training images, every mask a DAM mask and never a real one. Exit code 1 when"
                    + " anything else left the node."})
    static final class Audit extends CategoryCommand {
        private boolean failed;

        @Override
        void each(Pipeline p, String category) {
            UploadAudit.Result r = p.audit(category, node.node);
            var out = spec.commandLine().getOut();
            if (r.clean()) {
                out.println("audit of " + node.node + "/" + category + ": " + r.filesSent() + " files in " + r.uploads()
                        + " uploads; no defective image, every image a normal training image, every mask a DAM mask");
            } else {
                failed = true;
                out.println("audit of " + node.node + "/" + category + ": " + r.violations().size() + " of " + r.filesSent()
                        + " files sent should not have left the node:");
                for (String v : r.violations()) {
                    out.println("  " + v);
                }
            }
        }

        @Override
        public Integer call() {
            super.call();
            return failed ? 1 : 0;
        }
    }
}
