package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Tensor;

/** Returns its input, as {@code torch.nn.Identity}: a placeholder that keeps module names aligned. */
public final class Identity extends Layer {
    /** The identity (no parameters). */
    public Identity() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
