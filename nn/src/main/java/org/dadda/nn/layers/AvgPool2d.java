package org.dadda.nn.layers;

import org.dadda.tensor.Functional;
import org.dadda.tensor.Tensor;

/** Average pooling (zero padding counted) over square windows, as {@code torch.nn.AvgPool2d(kernel, stride, padding)}. */
public final class AvgPool2d extends Pool2d {
    /** Pooling with stride equal to the kernel and no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Pooling with the given window, stride and padding. */
    public AvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.avgPool2d(x, kernel, stride, padding);
    }
}
