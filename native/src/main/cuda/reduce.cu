/*
 * Reductions and index kernels. A reduction gives each output element one block, which sums (or
 * maximises) its inputs in a fixed pattern and a fixed tree: no atomics, so the result has the
 * same bits on every run. The index kernels write each output element from one thread.
 */
#include "common.cuh"

/*
 * out[o] = sum (or max) of x over the reduced axes. Layout kept: the kept axes (operand 0: their
 * strides in x), in the order of out's dense elements; layout red: the reduced axes (operand 0:
 * their strides in x). blockDim.x is a power of two; shared memory holds blockDim.x floats.
 */
extern "C" __global__ void reduce_f32(const float* x, float* out, StridedLayout kept, StridedLayout red, int outCount,
                                      int redCount, int isMax) {
    extern __shared__ float sh[];
    for (int o = blockIdx.x; o < outCount; o += gridDim.x) {
        long long base;
        stridedOffsets(kept, o, 1, &base);
        float acc = isMax ? -INFINITY : 0.f;
        for (int r = threadIdx.x; r < redCount; r += blockDim.x) {
            long long off;
            stridedOffsets(red, r, 1, &off);
            float v = x[base + off];
            acc = isMax ? nanMax(acc, v) : acc + v;
        }
        float total = isMax ? blockMax(acc, sh) : blockSum(acc, sh);
        if (threadIdx.x == 0) {
            out[o] = total;
        }
    }
}

/* Index of the first maximum along the middle axis of dense [outer, n, inner]. */
extern "C" __global__ void argmax_f32(const float* x, int* out, int outer, int n, int inner) {
    GRID_STRIDE_LOOP(i, (long long) outer * inner) {
        int o = (int) (i / inner);
        int in = (int) (i % inner);
        const float* row = x + (long long) o * n * inner + in;
        int best = 0;
        float bv = row[0];
        for (int j = 1; j < n; j++) {
            float v = row[(long long) j * inner];
            if (v > bv) {
                bv = v;
                best = j;
            }
        }
        out[i] = best;
    }
}

/* out[o, r, i] = x[o, idx[r], i]; x is [outer, n, inner], out [outer, count, inner]. */
extern "C" __global__ void index_select_f32(const float* x, const int* idx, float* out, int outer, int n, int inner,
                                            int count) {
    GRID_STRIDE_LOOP(e, (long long) outer * count * inner) {
        int i = (int) (e % inner);
        long long rest = e / inner;
        int r = (int) (rest % count);
        int o = (int) (rest / count);
        out[e] = x[((long long) o * n + idx[r]) * inner + i];
    }
}

/*
 * gx[o, row, i] += g[o, r, i] for every r with idx[r] == row, in increasing r. One thread per
 * element of gx scans idx, so repeated indices need no atomics and add in a fixed order.
 */
extern "C" __global__ void index_add_f32(const float* g, const int* idx, float* gx, int outer, int n, int inner,
                                         int count) {
    GRID_STRIDE_LOOP(e, (long long) outer * n * inner) {
        int i = (int) (e % inner);
        long long rest = e / inner;
        int row = (int) (rest % n);
        int o = (int) (rest / n);
        float acc = gx[e];
        for (int r = 0; r < count; r++) {
            if (idx[r] == row) {
                acc += g[((long long) o * count + r) * inner + i];
            }
        }
        gx[e] = acc;
    }
}
