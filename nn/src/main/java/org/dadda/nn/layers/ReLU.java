package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Tensor;

/** Elementwise {@code max(x, 0)}, as {@code torch.nn.ReLU}. */
public final class ReLU extends Layer {
    /** The activation (no parameters). */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
