package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Tensor;

/** Elementwise the exact (erf) GELU, as {@code torch.nn.GELU()}. */
public final class GELU extends Layer {
    /** The activation (no parameters). */
    public GELU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.gelu();
    }
}
