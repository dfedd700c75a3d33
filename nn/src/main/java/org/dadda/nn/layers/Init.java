package org.dadda.nn.layers;

import org.dadda.tensor.Autograd;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Weight initialisers with PyTorch's formulas, drawing from a seeded {@link Rng} so that a
 * network built twice from the same seed is identical. (The numbers differ from PyTorch's,
 * whose generator is another one; the distributions are the same.)
 */
public final class Init {
    private Init() {
    }

    /** Samples of {@code U(-bound, bound)}. */
    public static Tensor uniform(Rng rng, double bound, int... shape) {
        if (!(bound >= 0)) {
            throw new IllegalArgumentException("uniform: bound must be >= 0, got " + bound);
        }
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return Tensor.rand(rng, shape).affine(2 * bound, -bound);
        }
    }

    /** Samples of {@code N(0, std^2)}. */
    public static Tensor normal(Rng rng, double std, int... shape) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return Tensor.randn(rng, shape).mul(std);
        }
    }

    /**
     * The fan-in of a weight of shape {@code [out, in, k...]}: {@code in * prod(k)}, as
     * {@code torch.nn.init._calculate_fan_in_and_fan_out}.
     */
    public static int fanIn(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan-in needs a weight of rank >= 2, got rank " + shape.length);
        }
        int f = shape[1];
        for (int i = 2; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    /** The fan-out of a weight of shape {@code [out, in, k...]}: {@code out * prod(k)}. */
    public static int fanOut(int... shape) {
        return fanIn(shape) / shape[1] * shape[0];
    }

    /**
     * PyTorch's default for {@code Linear} and {@code Conv2d} weights,
     * {@code kaiming_uniform_(a = sqrt(5))}: the bound {@code sqrt(6 / ((1 + a^2) fan_in))}
     * reduces to {@code 1 / sqrt(fan_in)}.
     */
    public static Tensor defaultWeight(Rng rng, int... shape) {
        return uniform(rng, 1 / Math.sqrt(fanIn(shape)), shape);
    }

    /** PyTorch's default bias of a layer with fan-in {@code fanIn}: {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}. */
    public static Tensor defaultBias(Rng rng, int fanIn, int size) {
        return uniform(rng, fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, size);
    }

    /**
     * {@code kaiming_normal_(mode = 'fan_out', nonlinearity = 'relu')}, torchvision's choice for
     * ResNet convolutions: {@code N(0, 2 / fan_out)}.
     */
    public static Tensor kaimingNormalFanOut(Rng rng, int... shape) {
        return normal(rng, Math.sqrt(2.0 / fanOut(shape)), shape);
    }
}
