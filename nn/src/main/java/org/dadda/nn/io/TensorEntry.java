package org.dadda.nn.io;

import java.util.Arrays;

/**
 * One named float tensor of a safetensors file: its shape and its values in row-major order.
 *
 * <p>The arrays are not copied (checkpoints can be large); callers must not change them while the
 * entry is in use. {@link #equals}, {@link #hashCode} and {@link #toString} look at the contents.
 *
 * @param name the tensor's name, non-empty and not {@code "__metadata__"}
 * @param shape the dimensions, each {@code >= 0}; empty for a scalar
 * @param data the values, exactly as many as the product of {@code shape}
 */
public record TensorEntry(String name, int[] shape, float[] data) {

    /**
     * Checks the name and that the data fills the shape.
     *
     * @throws IllegalArgumentException naming the tensor when something does not fit
     */
    public TensorEntry {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must be non-empty");
        }
        if (name.equals(SafeTensors.METADATA_KEY)) {
            throw new IllegalArgumentException("tensor name " + SafeTensors.METADATA_KEY + " is reserved");
        }
        if (shape == null || data == null) {
            throw new IllegalArgumentException("tensor " + name + ": shape and data must not be null");
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension in shape "
                        + Arrays.toString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                count = Long.MAX_VALUE; // saturate; reported below
            }
        }
        if (count != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " holds "
                    + (count == Long.MAX_VALUE ? "too many" : String.valueOf(count)) + " values but data has "
                    + data.length);
        }
    }

    /** The number of values. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry other && name.equals(other.name) && Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TensorEntry[" + name + " " + Arrays.toString(shape) + "]";
    }
}
