package org.dadda.tensor.cpu.support;

/** Merging of the axes of strided walks, shared by the elementwise, copy and select kernels. */
public final class StridedAxes {

    private StridedAxes() {
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
