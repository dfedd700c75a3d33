package org.dadda.diffusion.unet;

import java.util.Arrays;
import org.dadda.nn.Layer;
import org.dadda.nn.layers.Conv2d;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The convolutional trunk of the paper's mask embedding {@code ME} (Sec. IV-A): three
 * Conv3x3-ReLU-MaxPool2 blocks ({@code b0}, {@code b1}, {@code b2}) from a one-channel mask
 * {@code [B, 1, S, S]} to features {@code [B, w2, S/8, S/8]}. The final convolution of
 * {@code ME}, to the width and size of the features {@code x_in} it is attended from, belongs to
 * each gated cross-attention ({@link GatedCrossAttention}), so one trunk per gate (defect mask,
 * normal complement) serves every attention site of the U-Net.
 */
public final class MaskEncoder extends Layer {
    private final Conv2d[] blocks = new Conv2d[3];

    /** A trunk with the widths {@code widths} of its three blocks. */
    public MaskEncoder(int[] widths, Rng rng) {
        if (widths.length != 3) {
            throw new IllegalArgumentException("MaskEncoder: needs 3 block widths, got " + Arrays.toString(widths));
        }
        int in = 1;
        for (int i = 0; i < 3; i++) {
            blocks[i] = child("b" + i, new Conv2d(in, widths[i], 3, 1, 1, rng));
            in = widths[i];
        }
    }

    /** The features of {@code mask [B, 1, S, S]} ({@code S} divisible by 8): {@code [B, w2, S/8, S/8]}. */
    @Override
    public Tensor forward(Tensor mask) {
        if (mask.dim() != 4 || mask.size(1) != 1 || mask.size(2) % 8 != 0 || mask.size(2) != mask.size(3)) {
            throw new IllegalArgumentException("MaskEncoder: mask shape " + Arrays.toString(mask.shape())
                    + " must be [B, 1, S, S] with S divisible by 8");
        }
        Tensor h = mask;
        for (Conv2d c : blocks) {
            h = Functional.maxPool2d(c.forward(h).relu(), 2, 2, 0);
        }
        return h;
    }

    /** Width of the features. */
    public int outChannels() {
        return blocks[2].outChannels();
    }
}
