package org.dadda.diffusion.unet;

import org.dadda.nn.Layer;
import org.dadda.nn.Module;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.nn.layers.MultiHeadAttention;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The gated cross-attention of the paper (eq. 9 and 10), wrapped around a pre-trained
 * self-attention block:
 * <pre>
 *   G_D     = sigmoid(GAP(Attention(Q, K^D,   V^D  )))      K^D, V^D     from ME_D(M)
 *   G_{1-D} = sigmoid(GAP(Attention(Q, K^1-D, V^1-D)))      K^1-D, V^1-D from ME_N(1 - M)
 *   x_SA    = Attention(Q, K, V)                            (the self-attention, from x_in)
 *   x_out   = G_D * (x_SA + x_in) + G_{1-D} * (x_SA + x_in)
 * </pre>
 * Queries come from {@code x_in} (group-normalised, child {@code norm}); each gate branch has its
 * own mask embedding ({@code defect_embed}, {@code normal_embed}) and multi-head attention
 * ({@code defect_attn}, {@code normal_attn}, 4 heads of 32 in the paper) whose output
 * projection maps back to the width of {@code x_in}, so that GAP gives one gate per channel and
 * sample. {@code x_SA + x_in} is exactly the output of the residual self-attention block, whose
 * weights stay where they were in the pre-trained network. A {@link GateMode} of {@code NORMAL}
 * or {@code DEFECT} drops the other branch (the ablation of Table IV).
 *
 * <p>The gate branches' output projections start at zero, so each gate starts at 1/2 and, with
 * both gates, the module starts as exactly the self-attention block it wraps.
 */
public final class GatedCrossAttention extends Module {
    private final GateMode mode;
    private final GroupNorm norm;
    private final MaskEmbedding defectEmbed;
    private final MultiHeadAttention defectAttn;
    private final MaskEmbedding normalEmbed;
    private final MultiHeadAttention normalAttn;

    /**
     * Gates for features of {@code channels} channels at {@code size x size}, with the heads,
     * norm groups and mask-embedding widths of {@code cfg}.
     */
    public GatedCrossAttention(GateMode mode, int channels, int size, UNetConfig cfg, Rng rng) {
        if (!mode.conditioned()) {
            throw new IllegalArgumentException("GatedCrossAttention needs a gate mode other than NONE");
        }
        this.mode = mode;
        this.norm = child("norm", new GroupNorm(cfg.groupsFor(channels), channels));
        if (mode.hasDefectGate()) {
            this.defectEmbed = child("defect_embed", new MaskEmbedding(cfg.maskEmbedWidths(), channels, size, rng));
            this.defectAttn = child("defect_attn", zeroOut(new MultiHeadAttention(channels, cfg.heads(), cfg.headDim(), rng)));
        } else {
            this.defectEmbed = null;
            this.defectAttn = null;
        }
        if (mode.hasNormalGate()) {
            this.normalEmbed = child("normal_embed", new MaskEmbedding(cfg.maskEmbedWidths(), channels, size, rng));
            this.normalAttn = child("normal_attn", zeroOut(new MultiHeadAttention(channels, cfg.heads(), cfg.headDim(), rng)));
        } else {
            this.normalEmbed = null;
            this.normalAttn = null;
        }
    }

    private static MultiHeadAttention zeroOut(MultiHeadAttention a) {
        a.namedParameters().get("out_proj.weight").value().fillInPlace(0);
        a.namedParameters().get("out_proj.bias").value().fillInPlace(0);
        return a;
    }

    /** The gate mode. */
    public GateMode mode() {
        return mode;
    }

    /**
     * {@code x_out} for features {@code x [B, C, s, s]}, the self-attention block {@code selfAttention}
     * (computing {@code x_SA + x_in}) and the defect mask {@code mask [B, 1, S, S]} in {0, 1}.
     */
    public Tensor forward(Tensor x, Layer selfAttention, Tensor mask) {
        Tensor y = selfAttention.forward(x);
        Tensor q = norm.forward(x);
        Tensor out = null;
        if (defectAttn != null) {
            out = y.mul(gate(defectAttn, q, defectEmbed.forward(mask)));
        }
        if (normalAttn != null) {
            Tensor term = y.mul(gate(normalAttn, q, normalEmbed.forward(mask.neg().add(1))));
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    /** {@code sigmoid(GAP(Attention(Q, K, V)))} as a {@code [B, C, 1, 1]} gate. */
    static Tensor gate(MultiHeadAttention attn, Tensor queries, Tensor context) {
        return attn.forward(queries, context).mean(new int[] {2, 3}, true).sigmoid();
    }
}
