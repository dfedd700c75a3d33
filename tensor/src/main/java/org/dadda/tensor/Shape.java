package org.dadda.tensor;

import java.util.Arrays;

/** Shape arithmetic: sizes, strides, broadcasting. All shapes are row-major. */
public final class Shape {
    private Shape() {
    }

    /** Number of elements of {@code shape}; throws on negative sizes or int overflow. */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Dense row-major strides of {@code shape}. */
    public static int[] strides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** NumPy broadcast of two shapes; {@code op} names the op in the error. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " are not broadcastable (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a dense tensor of {@code shape} as if it had the (broadcast) {@code target} shape. */
    public static int[] broadcastStrides(int[] shape, int[] target) {
        int[] dense = strides(shape);
        int[] s = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                s[i] = 0;
            } else {
                s[i] = shape[i - lead] == 1 && target[i] != 1 ? 0 : dense[i - lead];
            }
        }
        return s;
    }

    /** Normalises a possibly negative axis for a tensor of rank {@code rank}. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** Printable form, e.g. {@code [2, 3]}. */
    public static String str(int... shape) {
        return Arrays.toString(shape);
    }
}
