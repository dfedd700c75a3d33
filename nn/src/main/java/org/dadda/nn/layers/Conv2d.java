package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * 2-d convolution with square kernels, as {@code torch.nn.Conv2d}: parameters
 * {@code weight [out, in/groups, k, k]} and {@code bias [out]}, initialised as PyTorch does.
 */
public final class Conv2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /** A convolution with stride 1, padding 0, a bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, Rng rng) {
        this(inChannels, outChannels, kernel, 1, 0, 1, 1, true, rng);
    }

    /** A convolution with a bias, dilation 1 and one group. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, 1, 1, true, rng);
    }

    /** A convolution with dilation 1 and one group, with or without a bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, 1, 1, bias, rng);
    }

    /** A convolution with every option of {@code torch.nn.Conv2d} (zero padding, square kernel). */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                  boolean bias, Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
            throw new IllegalArgumentException("Conv2d: invalid configuration in " + inChannels + ", out " + outChannels
                    + ", kernel " + kernel + ", stride " + stride + ", padding " + padding + ", dilation " + dilation
                    + ", groups " + groups);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels in " + inChannels + " and out " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        int[] shape = {outChannels, inChannels / groups, kernel, kernel};
        this.weight = param("weight", Init.defaultWeight(rng, shape));
        this.bias = bias ? param("bias", Init.defaultBias(rng, Init.fanIn(shape), outChannels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.conv2d(x, weight.value(), bias == null ? null : bias.value(), stride, padding, dilation, groups);
    }

    /** The weight parameter {@code [out, in/groups, k, k]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias parameter {@code [out]}, or null. */
    public Parameter bias() {
        return bias;
    }

    /** Input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** Kernel size. */
    public int kernel() {
        return kernel;
    }

    /** Stride. */
    public int stride() {
        return stride;
    }

    /** Zero padding on each side. */
    public int padding() {
        return padding;
    }

    /** Dilation. */
    public int dilation() {
        return dilation;
    }

    /** Number of channel groups. */
    public int groups() {
        return groups;
    }
}
