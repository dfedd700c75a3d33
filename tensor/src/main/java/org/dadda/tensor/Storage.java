package org.dadda.tensor;

/**
 * A flat buffer of numbers owned by one {@link Backend}. Part of the backend SPI: tensors never
 * hand their storage out, so user code sees numbers only through explicit copies
 * ({@link Tensor#toArray()}, {@link Tensor#fromArray(float[], int...)}).
 *
 * <p>{@link #get(int)} and {@link #set(int, double)} are the slow, generic access path used by
 * reference kernels; fast kernels work on the concrete array of their own storage type.
 */
public abstract class Storage {

    /** Number of elements. */
    public abstract int length();

    /** Element {@code i} widened to double. */
    public abstract double get(int i);

    /** Stores {@code v} (rounded to the storage's precision) at {@code i}. */
    public abstract void set(int i, double v);

    /** The element type. */
    public abstract DType dtype();
}
