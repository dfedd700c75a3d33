package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Tensor;

/** Elementwise {@code x * sigmoid(x)}, as {@code torch.nn.SiLU}. */
public final class SiLU extends Layer {
    /** The activation (no parameters). */
    public SiLU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.silu();
    }
}
