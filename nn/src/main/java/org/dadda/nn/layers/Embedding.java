package org.dadda.nn.layers;

import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * A lookup table of {@code count} vectors of size {@code dim}, as {@code torch.nn.Embedding}:
 * parameter {@code weight [count, dim]} drawn from {@code N(0, 1)}. Not a {@link org.dadda.nn.Layer}
 * because its input is a list of indices, not a tensor.
 */
public final class Embedding extends Module {
    private final int count;
    private final int dim;
    private final Parameter weight;

    /** A table of {@code count} embeddings of size {@code dim}. */
    public Embedding(int count, int dim, Rng rng) {
        if (count < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding: count and dim must be positive, got " + count + ", " + dim);
        }
        this.count = count;
        this.dim = dim;
        this.weight = param("weight", Init.normal(rng, 1, count, dim));
    }

    /** The rows {@code indices}, as a {@code [indices.length, dim]} tensor. */
    public Tensor forward(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException("Embedding: index " + i + " out of range [0, " + count + ")");
            }
        }
        return weight.value().indexSelect(0, indices);
    }

    /** The weight parameter {@code [count, dim]}. */
    public Parameter weight() {
        return weight;
    }

    /** Number of embeddings. */
    public int count() {
        return count;
    }

    /** Size of each embedding. */
    public int dim() {
        return dim;
    }
}
