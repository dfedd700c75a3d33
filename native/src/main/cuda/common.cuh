/*
 * What every kernel file shares: the by-value layout of strided operands, grid-stride loops and
 * a deterministic block reduction (a fixed tree over shared memory: no atomics, so a sum comes
 * out with the same bits on every run).
 */
#ifndef DADDA_COMMON_CUH
#define DADDA_COMMON_CUH

#include <math.h>

/* Highest rank of a strided operand; org.dadda.cuda.StridedLayout.MAX_RANK must agree. */
#define MAX_RANK 8

/*
 * Up to three operands walked over one shape: element i of the walk (row-major over shape) sits
 * at sum(coordinate[ax] * stride[op][ax]) in operand op. Passed by value (132 bytes); the Java
 * side packs it as int[1 + 4 * MAX_RANK] (StridedLayout).
 */
struct StridedLayout {
    int rank;
    int shape[MAX_RANK];
    int stride[3][MAX_RANK];
};

/* Offsets of walk element i in operands 0..count-1. */
__device__ __forceinline__ void stridedOffsets(const StridedLayout& l, long long i, int count, long long* off) {
    for (int op = 0; op < count; op++) {
        off[op] = 0;
    }
    for (int ax = l.rank - 1; ax >= 0; ax--) {
        int size = l.shape[ax];
        long long c = i % size;
        i /= size;
        for (int op = 0; op < count; op++) {
            off[op] += c * l.stride[op][ax];
        }
    }
}

#define GRID_STRIDE_LOOP(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

/* max that lets NaN win, as PyTorch's max and the reference backend. */
__device__ __forceinline__ float nanMax(float a, float b) {
    return (b > a || isnan(b)) ? b : a;
}

struct SumOp {
    __device__ float operator()(float a, float b) const { return a + b; }
};

struct MaxOp {
    __device__ float operator()(float a, float b) const { return nanMax(a, b); }
};

/*
 * v combined over the block by op (blockDim.x a power of two, at most 1024), returned to every
 * thread. sh holds blockDim.x floats. The tree's shape depends only on blockDim.x, hence the
 * result is deterministic.
 */
template <class Op>
__device__ __forceinline__ float blockReduce(float v, float* sh, Op op) {
    int t = threadIdx.x;
    sh[t] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (t < s) {
            sh[t] = op(sh[t], sh[t + s]);
        }
        __syncthreads();
    }
    float r = sh[0];
    __syncthreads();
    return r;
}

/* Sum of v over the block (see blockReduce). */
__device__ __forceinline__ float blockSum(float v, float* sh) {
    return blockReduce(v, sh, SumOp{});
}

/* Maximum of v over the block, NaN winning (see blockReduce). */
__device__ __forceinline__ float blockMax(float v, float* sh) {
    return blockReduce(v, sh, MaxOp{});
}

#endif
