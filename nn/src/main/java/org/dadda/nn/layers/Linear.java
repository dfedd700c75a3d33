package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * {@code y = x W^T + b} over the last axis, as {@code torch.nn.Linear}: parameters
 * {@code weight [out, in]} and {@code bias [out]}, initialised as PyTorch does.
 */
public final class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A linear layer with a bias. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /** A linear layer, with or without a bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: features must be positive, got in " + inFeatures + ", out " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = param("weight", Init.defaultWeight(rng, outFeatures, inFeatures));
        this.bias = bias ? param("bias", Init.defaultBias(rng, inFeatures, outFeatures)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.linear(x, weight.value(), bias == null ? null : bias.value());
    }

    /** The weight parameter {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias parameter {@code [out]}, or null. */
    public Parameter bias() {
        return bias;
    }

    /** Number of input features. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Number of output features. */
    public int outFeatures() {
        return outFeatures;
    }
}
