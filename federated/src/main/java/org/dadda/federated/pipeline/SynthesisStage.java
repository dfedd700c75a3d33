package org.dadda.federated.pipeline;

/** Stage 3's synthesis on a node: masks sampled from G_M, G_I fine-tuned with gated cross-attention, synthesized pairs. */
public final class SynthesisStage {
    /** Sub-folder of the synthesis folder holding the synthesized pairs (MVTec layout). */
    public static final String PAIRS = "pairs";

    private SynthesisStage() {
    }
}
