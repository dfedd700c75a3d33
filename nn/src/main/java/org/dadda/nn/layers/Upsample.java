package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Tensor;

/** Nearest-neighbour upsampling by an integer factor, as {@code torch.nn.Upsample(scale_factor=s, mode='nearest')}. */
public final class Upsample extends Layer {
    private final int scale;

    /** Upsampling by {@code scale} along both spatial axes. */
    public Upsample(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("Upsample: scale must be >= 1, got " + scale);
        }
        this.scale = scale;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.upsampleNearest(x, scale);
    }
}
