package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Tensor;

/** Adaptive average pooling to a fixed {@code [oh, ow]} grid, as {@code torch.nn.AdaptiveAvgPool2d}. */
public final class AdaptiveAvgPool2d extends Layer {
    private final int outH;
    private final int outW;

    /** Pooling to {@code size x size}. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** Pooling to {@code outH x outW}. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.adaptiveAvgPool2d(x, outH, outW);
    }
}
