package org.dadda.diffusion.unet;

import org.dadda.nn.Layer;
import org.dadda.nn.layers.Conv2d;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/** Nearest-neighbour upsampling by 2 followed by a 3x3 convolution (child {@code conv}). */
public final class UpsampleConv extends Layer {
    private final Conv2d conv;

    /** An upsampling step keeping {@code channels} channels. */
    public UpsampleConv(int channels, Rng rng) {
        this.conv = child("conv", new Conv2d(channels, channels, 3, 1, 1, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        return conv.forward(Functional.upsampleNearest(x, 2));
    }
}
