package org.dadda.diffusion.unet;

import org.dadda.nn.Layer;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The residual self-attention block of the U-Net (paper, eq. 5 and 6), laid out as
 * {@code Attn} of {@code bench_unet.py}: {@code x + out(Attention(Q, K, V))} with
 * {@code [Q, K, V] = qkv(norm(x))}, a 1x1 convolution to {@code 3 x heads x d_h} channels (in
 * that order), {@code softmax(Q K^T / sqrt(d_h)) V} per head over the {@code H*W} positions,
 * and a 1x1 convolution {@code out} back to the input width. Children {@code norm}, {@code qkv},
 * {@code out}. The projections are exposed so that the gated cross-attention can reuse the
 * queries {@code Q_t} (eq. 9).
 */
public final class SelfAttention2d extends Layer {
    private final int heads;
    private final int headDim;
    private final GroupNorm norm;
    private final Conv2d qkv;
    private final Conv2d out;

    /** A block over {@code channels} channels with {@code groups} norm groups and {@code heads x headDim} attention. */
    public SelfAttention2d(int channels, int groups, int heads, int headDim, Rng rng) {
        this.heads = heads;
        this.headDim = headDim;
        this.norm = child("norm", new GroupNorm(groups, channels));
        this.qkv = child("qkv", new Conv2d(channels, 3 * heads * headDim, 1, rng));
        this.out = child("out", new Conv2d(heads * headDim, channels, 1, rng));
    }

    /** Number of heads. */
    public int heads() {
        return heads;
    }

    /** Width of a head {@code d_h}. */
    public int headDim() {
        return headDim;
    }

    /** The attention scale {@code 1 / sqrt(d_h)}. */
    public double scale() {
        return 1 / Math.sqrt(headDim);
    }

    /**
     * Splits a {@code [B, parts x heads x d_h, H, W]} map into {@code parts} tensors of shape
     * {@code [B, heads, H*W, d_h]}, the layout of the attention kernel.
     */
    public static Tensor[] splitHeads(Tensor map, int parts, int heads, int headDim) {
        int b = map.size(0);
        int tokens = map.size(2) * map.size(3);
        Tensor t = map.reshape(b, parts, heads, headDim, tokens).permute(1, 0, 2, 4, 3);
        Tensor[] out = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = t.narrow(0, i, 1).reshape(b, heads, tokens, headDim);
        }
        return out;
    }

    /** {@code [Q, K, V]} of {@code x}, each {@code [B, heads, H*W, d_h]}. */
    public Tensor[] project(Tensor x) {
        return splitHeads(qkv.forward(norm.forward(x)), 3, heads, headDim);
    }

    /** {@code x + out(a)} for the attention result {@code a [B, heads, H*W, d_h]} of input {@code x}. */
    public Tensor residual(Tensor x, Tensor a) {
        int b = x.size(0);
        return x.add(out.forward(a.permute(0, 1, 3, 2).reshape(b, heads * headDim, x.size(2), x.size(3))));
    }

    /** {@code x_SA + x_in}: the block on {@code x [B, C, H, W]}. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor[] p = project(x);
        return residual(x, Functional.attention(p[0], p[1], p[2], null, scale()));
    }
}
