package org.dadda.diffusion.unet;

import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Linear;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The gated cross-attention of the paper (eq. 9 and 10), built around a pre-trained
 * {@link SelfAttention2d}:
 * <pre>
 *   G_D     = sigmoid(GAP(Attention(Q_t, K^D,   V^D  )))      K^D, V^D     from ME_D(M)
 *   G_{1-D} = sigmoid(GAP(Attention(Q_t, K^1-D, V^1-D)))      K^1-D, V^1-D from ME_N(1 - M)
 *   x_SA    = Attention(Q_t, K_t, V_t)                        Q_t, K_t, V_t from x_in
 *   x_out   = G_D * (x_SA + x_in) + G_{1-D} * (x_SA + x_in)
 * </pre>
 * {@code Q_t} is the self-attention's own query projection of {@code x_in}, shared by the
 * three attentions as in eq. 9; {@code x_SA + x_in} is the self-attention block's output (its
 * output projection and residual). The mask embedding {@code ME} of a gate is the
 * {@link MaskEncoder} trunk of that gate (shared by all sites, computed once per forward pass)
 * followed by this site's final 3x3 convolution {@code embed} to the width of {@code x_in} and,
 * when larger, average pooling to its size. Each gate branch ({@code defect}, {@code normal})
 * then has a 1x1 convolution {@code kv} of the embedding to keys and values of
 * {@code heads x d_h}, and a projection {@code out} of the attended values back to the width of
 * {@code x_in}, so that GAP gives one gate per channel and sample.
 *
 * <p>Two exact shortcuts keep the branches cheap: GAP is taken before {@code out} (an affine map
 * commutes with the mean), and when the mask embedding is smaller than {@code x_in} its keys and
 * values are attended at their own size instead of after nearest upsampling (every key would be
 * repeated equally often, which leaves the softmax-weighted average unchanged).
 *
 * <p>{@code out} starts at zero, so each gate starts at 1/2 and, with both gates, the module
 * starts as exactly the self-attention block it wraps. A {@link GateMode} of {@code NORMAL} or
 * {@code DEFECT} drops the other branch (the ablation of Table IV).
 */
public final class GatedCrossAttention extends Module {
    private final GateMode mode;
    private final Branch defect;
    private final Branch normal;

    /** One gate: the end of the mask embedding, key/value projection and output projection. */
    static final class Branch extends Module {
        private final Conv2d embed;
        private final Conv2d kv;
        private final Linear out;
        private final int size;
        private final int heads;
        private final int headDim;

        Branch(int channels, int size, UNetConfig cfg, Rng rng) {
            this.size = size;
            this.heads = cfg.heads();
            this.headDim = cfg.headDim();
            this.embed = child("embed", new Conv2d(cfg.maskEmbedWidths()[2], channels, 3, 1, 1, rng));
            this.kv = child("kv", new Conv2d(channels, 2 * heads * headDim, 1, rng));
            this.out = child("out", new Linear(heads * headDim, channels, rng));
            out.weight().value().fillInPlace(0);
            out.bias().value().fillInPlace(0);
        }

        /**
         * {@code ME(M)} from the trunk's features: the final convolution, then average pooling
         * down to {@code x_in}'s size where the features are larger. Where they are smaller, the
         * nearest upsampling to {@code x_in}'s size is left out: as attention context it would only
         * repeat every key and value equally often.
         */
        Tensor embedding(Tensor features) {
            Tensor h = embed.forward(features);
            int s = h.size(2);
            if (s > size) {
                if (s % size != 0) {
                    throw new IllegalArgumentException("mask embedding of size " + s + " does not pool to " + size);
                }
                h = Functional.avgPool2d(h, s / size, s / size, 0);
            } else if (size % s != 0) {
                throw new IllegalArgumentException("mask embedding of size " + s + " does not divide " + size);
            }
            return h;
        }

        /** The gate {@code [B, C, 1, 1]} for queries {@code q [B, heads, L, d_h]} and the trunk's features of the mask. */
        Tensor gate(Tensor q, Tensor features, double scale) {
            Tensor[] kvs = SelfAttention2d.splitHeads(kv.forward(embedding(features)), 2, heads, headDim);
            Tensor a = Functional.attention(q, kvs[0], kvs[1], null, scale);
            int b = q.size(0);
            // GAP over positions, then the output projection: [B, heads, L, d_h] -> [B, heads*d_h] -> [B, C].
            Tensor pooled = a.mean(2, false).reshape(b, heads * headDim);
            Tensor g = out.forward(pooled).sigmoid();
            return g.reshape(b, g.size(1), 1, 1);
        }
    }

    /**
     * Gates for features of {@code channels} channels at {@code size x size}, with the heads and
     * mask-embedding widths of {@code cfg}.
     */
    public GatedCrossAttention(GateMode mode, int channels, int size, UNetConfig cfg, Rng rng) {
        if (!mode.conditioned()) {
            throw new IllegalArgumentException("GatedCrossAttention needs a gate mode other than NONE");
        }
        this.mode = mode;
        this.defect = mode.hasDefectGate() ? child("defect", new Branch(channels, size, cfg, rng)) : null;
        this.normal = mode.hasNormalGate() ? child("normal", new Branch(channels, size, cfg, rng)) : null;
    }

    /** The gate mode. */
    public GateMode mode() {
        return mode;
    }

    /**
     * {@code x_out} for features {@code x [B, C, s, s]}, the self-attention block {@code sa} and
     * the mask features: {@code defectFeatures} of the defect encoder on {@code M},
     * {@code normalFeatures} of the normal encoder on {@code 1 - M} (null where the gate is absent).
     */
    public Tensor forward(Tensor x, SelfAttention2d sa, Tensor defectFeatures, Tensor normalFeatures) {
        Tensor[] qkv = sa.project(x);
        Tensor y = sa.residual(x, Functional.attention(qkv[0], qkv[1], qkv[2], null, sa.scale()));
        Tensor out = null;
        if (defect != null) {
            out = y.mul(defect.gate(qkv[0], defectFeatures, sa.scale()));
        }
        if (normal != null) {
            Tensor term = y.mul(normal.gate(qkv[0], normalFeatures, sa.scale()));
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    /** The gates {@code [G_D, G_{1-D}]} ({@code [B, C, 1, 1]} each, null where absent), for inspection. */
    public Tensor[] gates(Tensor x, SelfAttention2d sa, Tensor defectFeatures, Tensor normalFeatures) {
        Tensor q = sa.project(x)[0];
        return new Tensor[] {defect == null ? null : defect.gate(q, defectFeatures, sa.scale()),
            normal == null ? null : normal.gate(q, normalFeatures, sa.scale())};
    }
}
