package org.dadda.nn.layers;

import org.dadda.nn.Layer;

/** The window, stride and padding shared by the square-window pooling layers. */
abstract class Pool2d extends Layer {
    /** Window size. */
    final int kernel;
    /** Stride. */
    final int stride;
    /** Implicit padding on each side. */
    final int padding;

    Pool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel " + kernel + ", stride " + stride
                    + ", padding " + padding + " invalid (padding must be at most half the kernel)");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }
}
