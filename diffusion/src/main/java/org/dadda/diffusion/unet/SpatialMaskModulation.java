package org.dadda.diffusion.unet;

import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The spatial mask path of a residual block (this project's choice, not the paper's; SPADE,
 * Park et al. 2019): the mask {@code [B, 1, S, S]}, average-pooled to the features' size,
 * passes through {@code stem} (conv3x3 1 to {@link #HIDDEN}, SiLU) and two conv3x3 heads
 * {@code gamma} and {@code beta} (hidden to the block's width), and the normalised features
 * become {@code h * (1 + gamma) + beta}. Pooling (not nearest sampling) keeps a mask edge that
 * falls inside a coarse cell as a fractional value, so small defects still reach the bottleneck.
 *
 * <p>Both heads start at zero, so a freshly conditioned network computes exactly what the
 * pre-trained one computes and fine-tuning starts from G_I itself. Parameter names:
 * {@code spade.stem.*}, {@code spade.gamma.*}, {@code spade.beta.*} under the block.
 */
public final class SpatialMaskModulation extends Module {
    /**
     * Width of the stem. Small because the heads run at the block's full resolution: their
     * cost relative to the block's own conv3x3 is {@code 2 * HIDDEN / channels}.
     */
    public static final int HIDDEN = 16;

    private final Conv2d stem;
    private final Conv2d gamma;
    private final Conv2d beta;

    /** The modulation of {@code channels}-channel features, with weights drawn from {@code rng}. */
    public SpatialMaskModulation(int channels, Rng rng) {
        this.stem = child("stem", new Conv2d(1, HIDDEN, 3, 1, 1, rng));
        this.gamma = child("gamma", zeroed(new Conv2d(HIDDEN, channels, 3, 1, 1, rng)));
        this.beta = child("beta", zeroed(new Conv2d(HIDDEN, channels, 3, 1, 1, rng)));
    }

    private static Conv2d zeroed(Conv2d c) {
        c.weight().value().fillInPlace(0);
        c.bias().value().fillInPlace(0);
        return c;
    }

    /** The normalised features {@code h [B, C, H, W]} modulated by {@code mask [B, 1, S, S]}. */
    public Tensor forward(Tensor h, Tensor mask) {
        int height = h.size(2);
        int width = h.size(3);
        Tensor m = mask.size(2) == height && mask.size(3) == width ? mask : Functional.adaptiveAvgPool2d(mask, height, width);
        Tensor s = stem.forward(m).silu();
        return h.mul(gamma.forward(s).add(1)).add(beta.forward(s));
    }
}
