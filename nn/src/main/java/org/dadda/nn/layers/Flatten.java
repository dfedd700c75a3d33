package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Tensor;

/** Flattens every axis after the first, {@code [N, ...] -> [N, prod(...)]}, as {@code torch.nn.Flatten()}. */
public final class Flatten extends Layer {
    /** The flattening (no parameters). */
    public Flatten() {
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 1) {
            throw new IllegalArgumentException("Flatten: input must have rank >= 1, got a scalar");
        }
        return x.reshape(x.size(0), -1);
    }
}
