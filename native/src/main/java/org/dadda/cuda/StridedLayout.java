package org.dadda.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dadda.tensor.Shape;

/**
 * The by-value {@code StridedLayout} struct of {@code common.cuh}: one shape walked row-major and
 * the strides of up to three operands over it. Size-1 axes are dropped and neighbouring axes that
 * every operand walks contiguously are merged, so a kernel's index arithmetic runs over as few
 * axes as the operands allow (a dense copy becomes one axis).
 */
public final class StridedLayout {
    /** Highest rank after merging; {@code MAX_RANK} in common.cuh. */
    public static final int MAX_RANK = 8;
    /** Operands the struct has room for. */
    public static final int MAX_OPERANDS = 3;
    /** Size of the packed struct in ints: rank, shape, then the strides of each operand. */
    public static final int INTS = 1 + MAX_RANK * (1 + MAX_OPERANDS);

    private final int[] shape;
    private final int[][] strides;

    private StridedLayout(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /**
     * The walk of {@code shape} with one stride array per operand.
     *
     * @param op names the kernel in error messages
     * @throws UnsupportedOperationException when the merged rank exceeds {@link #MAX_RANK}
     * @throws IllegalArgumentException      when the operands are too many or of another rank
     */
    public static StridedLayout of(String op, int[] shape, int[]... operandStrides) {
        if (operandStrides.length < 1 || operandStrides.length > MAX_OPERANDS) {
            throw new IllegalArgumentException(op + ": a strided walk takes 1 to " + MAX_OPERANDS + " operands, got "
                    + operandStrides.length);
        }
        for (int[] s : operandStrides) {
            if (s.length != shape.length) {
                throw new IllegalArgumentException(op + ": strides " + Arrays.toString(s) + " do not fit shape "
                        + Shape.str(shape));
            }
        }
        List<Integer> axes = new ArrayList<>();
        for (int ax = 0; ax < shape.length; ax++) {
            if (shape[ax] != 1) {
                axes.add(ax);
            }
        }
        List<int[]> merged = new ArrayList<>(); // {size, stride0, stride1, ...}, outermost first
        for (int ax : axes) {
            int[] axis = new int[1 + operandStrides.length];
            axis[0] = shape[ax];
            for (int o = 0; o < operandStrides.length; o++) {
                axis[1 + o] = operandStrides[o][ax];
            }
            if (!merged.isEmpty() && contiguous(merged.get(merged.size() - 1), axis)) {
                int[] outer = merged.get(merged.size() - 1);
                outer[0] *= axis[0];
                for (int o = 1; o < axis.length; o++) {
                    outer[o] = axis[o];
                }
            } else {
                merged.add(axis);
            }
        }
        if (merged.size() > MAX_RANK) {
            throw new UnsupportedOperationException(op + " over shape " + Shape.str(shape) + ", " + merged.size()
                    + " strided axes after merging (the kernels walk at most " + MAX_RANK
                    + "): the CUDA backend does not have it yet");
        }
        int rank = merged.size();
        int[] mergedShape = new int[rank];
        int[][] mergedStrides = new int[operandStrides.length][rank];
        for (int ax = 0; ax < rank; ax++) {
            mergedShape[ax] = merged.get(ax)[0];
            for (int o = 0; o < operandStrides.length; o++) {
                mergedStrides[o][ax] = merged.get(ax)[1 + o];
            }
        }
        return new StridedLayout(mergedShape, mergedStrides);
    }

    /** Whether every operand steps from the last element of {@code inner}'s run straight into the next outer one. */
    private static boolean contiguous(int[] outer, int[] inner) {
        for (int o = 1; o < outer.length; o++) {
            if ((long) outer[o] != (long) inner[o] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    /** The merged shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The merged strides of operand {@code o}. */
    public int[] strides(int o) {
        return strides[o].clone();
    }

    /** The struct as the kernel reads it: rank, shape[MAX_RANK], stride[MAX_OPERANDS][MAX_RANK]. */
    public int[] pack() {
        int[] p = new int[INTS];
        p[0] = shape.length;
        System.arraycopy(shape, 0, p, 1, shape.length);
        for (int o = 0; o < strides.length; o++) {
            System.arraycopy(strides[o], 0, p, 1 + MAX_RANK * (1 + o), shape.length);
        }
        return p;
    }
}
