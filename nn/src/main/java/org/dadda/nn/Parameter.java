package org.dadda.nn;

import org.dadda.tensor.Tensor;

/**
 * A trainable tensor registered in a {@link Module}. It holds a leaf tensor that requires a
 * gradient; optimizers update that tensor in place, so references to it stay valid.
 */
public final class Parameter {
    private final Tensor value;

    /** Wraps {@code value} (marked as requiring a gradient). */
    public Parameter(Tensor value) {
        if (!value.isLeaf()) {
            throw new IllegalArgumentException("a parameter must be a leaf tensor, got one produced by an op");
        }
        this.value = value.requiresGrad(true);
    }

    /** The tensor to compute with. */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return value.grad();
    }

    /** Clears the gradient. */
    public void zeroGrad() {
        value.setGrad(null);
    }

    /** Shape of the parameter. */
    public int[] shape() {
        return value.shape();
    }

    /** Number of elements. */
    public int numel() {
        return value.numel();
    }
}
