package org.dadda.tensor;

import java.util.Arrays;

/**
 * A kernel operand: where a tensor's numbers are ({@link #storage}, starting at element
 * {@link #offset}) and how to walk them ({@link #shape}, {@link #strides} in elements; a zero
 * stride repeats one element, which is how broadcasting reaches a kernel). Every {@link Backend}
 * method takes its inputs and outputs as views, so an operand's offset travels the same way
 * everywhere and a backend never needs its caller to copy a tensor first.
 *
 * <p>Kernels of a family with a geometry record ({@link ConvGeometry}, {@link GemmGeometry},
 * {@link PoolGeometry}, ...) read their views as dense row-major blocks of the geometry's
 * shape; the elementwise kernels ({@link Backend#copy}, {@link Backend#binary},
 * {@link Backend#where}) honour the strides. The arrays are shared, not copied: treat them as
 * read-only.
 *
 * @param storage the buffer, owned by the backend that reads it
 * @param offset  element index of the first number inside {@code storage}
 * @param shape   sizes, outermost first
 * @param strides elements between neighbours along each axis
 */
public record View(Storage storage, int offset, int[] shape, int[] strides) {

    /** Validates that shape and strides have one entry per axis and the offset is not negative. */
    public View {
        if (storage == null) {
            throw new IllegalArgumentException("view: storage is null");
        }
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("view: shape " + Shape.str(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("view: negative offset " + offset);
        }
    }

    /** A dense row-major view of {@code shape} starting at {@code offset}. */
    public static View dense(Storage storage, int offset, int... shape) {
        return new View(storage, offset, shape, Shape.strides(shape));
    }

    /** The {@code shape} view of {@code storage} from {@code offset} with broadcast strides: a view of a
     *  dense block of {@code own} shape stretched to {@code shape} (stride 0 where {@code own} has 1). */
    public static View broadcast(Storage storage, int offset, int[] own, int[] shape) {
        return new View(storage, offset, shape, Shape.broadcastStrides(own, shape));
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements the view walks. */
    public int numel() {
        return Shape.numel(shape);
    }

    /** Whether the view walks its elements in storage order without gaps (sizes-1 axes ignored). */
    public boolean isDense() {
        int expected = 1;
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            if (shape[ax] != 1 && strides[ax] != expected) {
                return false;
            }
            expected *= shape[ax];
        }
        return true;
    }

    /** The same numbers seen densely with another shape of equal size (this view must be dense). */
    public View reshape(int... newShape) {
        if (!isDense() || Shape.numel(newShape) != numel()) {
            throw new IllegalArgumentException("view: cannot see " + this + " as " + Shape.str(newShape));
        }
        return dense(storage, offset, newShape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof View v && v.storage == storage && v.offset == offset && Arrays.equals(v.shape, shape)
                && Arrays.equals(v.strides, strides);
    }

    @Override
    public int hashCode() {
        return (System.identityHashCode(storage) * 31 + offset) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "View{offset=" + offset + ", shape=" + Shape.str(shape) + ", strides=" + Arrays.toString(strides) + "}";
    }
}
