package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The residual self-attention block of diffusion U-Nets over feature maps:
 * {@code x + attn(norm(x))}, with children {@code norm} ({@link GroupNorm}) and {@code attn}
 * ({@link MultiHeadAttention} over the {@code H*W} positions).
 */
public final class AttentionBlock extends Layer {
    private final GroupNorm norm;
    private final MultiHeadAttention attn;

    /** A block over {@code channels} channels with {@code groups} norm groups and {@code heads x headDim} attention. */
    public AttentionBlock(int channels, int groups, int heads, int headDim, Rng rng) {
        this.norm = child("norm", new GroupNorm(groups, channels));
        this.attn = child("attn", new MultiHeadAttention(channels, heads, headDim, rng));
    }

    /** {@code x [B, C, H, W]} plus its attention output. */
    @Override
    public Tensor forward(Tensor x) {
        return x.add(attn.forward(norm.forward(x)));
    }
}
