package org.dadda.tensor.cpu.support;

/** Merging of the axes of strided walks, shared by the elementwise, copy and select kernels. */
public final class StridedAxes {

    private StridedAxes() {
    }

    /** One row of a strided walk: its index and every operand's offset at the row's start. */
    @FunctionalInterface
    public interface Row {
        /** Row {@code row} starts at {@code offsets[t]} in operand {@code t}; the array is reused, read it now. */
        void accept(int row, int[] offsets);
    }

    /**
     * Visits rows {@code [from, to)} of a walk over {@code shape} (a merged shape, whose innermost
     * axis is the row), in order, with each operand's offset: {@code base[t]} plus the row's
     * position times {@code strides[t]}. The offsets advance by one stride per row, as a counter
     * does, instead of being recomputed from the row's index.
     */
    public static void rows(int[] shape, int[][] strides, int[] base, int from, int to, Row row) {
        int rank = shape.length;
        int operands = strides.length;
        int[] idx = new int[rank];
        int[] offsets = base.clone();
        int r = from;
        for (int ax = rank - 2; ax >= 0; ax--) {
            idx[ax] = r % shape[ax];
            r /= shape[ax];
            for (int t = 0; t < operands; t++) {
                offsets[t] += idx[ax] * strides[t][ax];
            }
        }
        for (int i = from; i < to; i++) {
            row.accept(i, offsets);
            for (int ax = rank - 2; ax >= 0; ax--) {
                if (++idx[ax] < shape[ax]) {
                    for (int t = 0; t < operands; t++) {
                        offsets[t] += strides[t][ax];
                    }
                    break;
                }
                idx[ax] = 0;
                for (int t = 0; t < operands; t++) {
                    offsets[t] -= (shape[ax] - 1) * strides[t][ax];
                }
            }
        }
    }

    /**
     * Merges adjacent axes that every operand walks contiguously (stride of the outer axis equals
     * size times stride of the inner one), so that kernels see few, long rows. Returns
     * {@code [shape, strides0, strides1, ...]}; size-1 axes are dropped.
     */
    public static int[][] merge(int[] shape, int[]... strides) {
        int rank = shape.length;
        int[] ms = new int[rank];
        int[][] mst = new int[strides.length][rank];
        int k = 0;
        for (int ax = 0; ax < rank; ax++) {
            if (shape[ax] == 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int t = 0; t < strides.length && merge; t++) {
                merge = mst[t][k - 1] == strides[t][ax] * shape[ax];
            }
            if (merge) {
                ms[k - 1] *= shape[ax];
                for (int t = 0; t < strides.length; t++) {
                    mst[t][k - 1] = strides[t][ax];
                }
            } else {
                ms[k] = shape[ax];
                for (int t = 0; t < strides.length; t++) {
                    mst[t][k] = strides[t][ax];
                }
                k++;
            }
        }
        if (k == 0) {
            // Every axis had size 1 (or there were none): one element, no stride needed.
            ms = new int[] {1};
            mst = new int[strides.length][1];
            k = 1;
        }
        int[][] r = new int[strides.length + 1][];
        r[0] = java.util.Arrays.copyOf(ms, k);
        for (int t = 0; t < strides.length; t++) {
            r[t + 1] = java.util.Arrays.copyOf(mst[t], k);
        }
        return r;
    }
}
