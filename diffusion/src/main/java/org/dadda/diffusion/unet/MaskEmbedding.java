package org.dadda.diffusion.unet;

import java.util.Arrays;
import org.dadda.nn.Layer;
import org.dadda.nn.layers.Conv2d;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The mask embedding {@code ME} of the gated cross-attention (paper, Sec. IV-A): three
 * Conv3x3-ReLU-MaxPool2 blocks ({@code b0}, {@code b1}, {@code b2}) and a final 3x3 convolution
 * ({@code out}) to the channels of the features {@code x_in} it is attended from; the result is
 * then brought to {@code x_in}'s spatial size, by average pooling when it is larger and by
 * nearest upsampling when it is smaller.
 */
public final class MaskEmbedding extends Layer {
    private final Conv2d[] blocks = new Conv2d[3];
    private final Conv2d out;
    private final int outSize;

    /**
     * An embedding of one-channel masks to {@code channels} channels at {@code outSize} x
     * {@code outSize}, with the widths {@code widths} for the three blocks.
     */
    public MaskEmbedding(int[] widths, int channels, int outSize, Rng rng) {
        if (widths.length != 3) {
            throw new IllegalArgumentException("MaskEmbedding: needs 3 block widths, got " + Arrays.toString(widths));
        }
        int in = 1;
        for (int i = 0; i < 3; i++) {
            blocks[i] = child("b" + i, new Conv2d(in, widths[i], 3, 1, 1, rng));
            in = widths[i];
        }
        this.out = child("out", new Conv2d(in, channels, 3, 1, 1, rng));
        this.outSize = outSize;
    }

    /** The embedding of {@code mask [B, 1, H, W]} ({@code H = W}, divisible by 8): {@code [B, channels, outSize, outSize]}. */
    @Override
    public Tensor forward(Tensor mask) {
        Tensor h = forwardAtMost(mask);
        int s = h.size(2);
        if (s < outSize) {
            if (outSize % s != 0) {
                throw new IllegalArgumentException("MaskEmbedding: target size " + outSize + " not a multiple of embedded " + s);
            }
            h = Functional.upsampleNearest(h, outSize / s);
        }
        return h;
    }

    /**
     * The embedding before the final nearest upsampling: {@code [B, channels, s, s]} with
     * {@code s = min(H/8, outSize)}. Used as attention context, where upsampling by repetition
     * would change nothing but the cost.
     */
    public Tensor forwardAtMost(Tensor mask) {
        if (mask.dim() != 4 || mask.size(1) != 1 || mask.size(2) % 8 != 0 || mask.size(2) != mask.size(3)) {
            throw new IllegalArgumentException("MaskEmbedding: mask shape " + Arrays.toString(mask.shape())
                    + " must be [B, 1, S, S] with S divisible by 8");
        }
        Tensor h = mask;
        for (Conv2d c : blocks) {
            h = Functional.maxPool2d(c.forward(h).relu(), 2, 2, 0);
        }
        h = out.forward(h);
        int s = h.size(2);
        if (s > outSize) {
            if (s % outSize != 0) {
                throw new IllegalArgumentException("MaskEmbedding: embedded size " + s + " not a multiple of target " + outSize);
            }
            h = Functional.avgPool2d(h, s / outSize, s / outSize, 0);
        }
        return h;
    }
}
