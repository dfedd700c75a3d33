package org.dadda.federated.cli;

import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stage 3's evaluation on a node. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate the trained models on the test split: classification accuracy (Table I), image-level and"
                + " pixel-level AUROC/AP/F1-max and AUPRO (Table II), inference latency and memory (Table VII)."})
final class EvaluateCommand extends CategoryCommand {
    @Mixin
    VariantOptions variants;

    @Override
    void each(Pipeline p, String category) {
        spec.commandLine().getOut().println(p.evaluate(category, node.node, variants.chosen()));
    }
}
