package org.dadda.federated.cli;

import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stage 3's evaluation on a node. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate the trained models on the test split: classification accuracy (Table I), image-level and"
                + " pixel-level AUROC/AP/F1-max and AUPRO (Table II), inference latency and memory (Table VII); and, when the node"
                + " has synthesized pairs and a trained DAM detector, their quality (realism, mask plausibility, mask fidelity)."})
final class EvaluateCommand extends CategoryCommand {
    @Mixin
    VariantOptions variants;

    @Override
    void each(Pipeline p, String category) {
        if (p.hasSynthesis(category, node.node) && variants.chosen().contains(org.dadda.federated.downstream.Variant.DAM)) {
            spec.commandLine().getOut().println(p.quality(category, node.node));
        }
        spec.commandLine().getOut().println(p.evaluate(category, node.node, variants.chosen()));
    }
}
