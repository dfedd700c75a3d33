/*
 * Batched, strided SGEMM: C[b] = alpha op(A[b]) op(B[b]) + beta C[b], row-major, as
 * GemmGeometry describes it. grid (ceil(N/64), ceil(M/64), batches), blockIdx.z + batchBase is
 * the batch entry (the host splits batches beyond the grid's z limit).
 */
#include "common.cuh"
#include "gemm.cuh"

/*
 * Element (i, j) of a logical rows x cols matrix of batch entry b, stored row-major as it is
 * (rows x cols) or transposed (cols x rows); A is m x k, B is k x n.
 */
struct Matrix {
    const float* p;
    int strideBatch, rows, cols, trans;
    __device__ float operator()(int b, int i, int j) const {
        long long base = (long long) b * strideBatch;
        return trans ? p[base + (long long) j * rows + i] : p[base + (long long) i * cols + j];
    }
};

/* beta == 0 never reads C, so an uninitialised C (NaN junk) cannot leak in. */
struct GemmStore {
    float* c;
    int m, n;
    float alpha, beta;
    __device__ void operator()(int b, int r, int col, float v) const {
        long long at = ((long long) b * m + r) * n + col;
        c[at] = beta == 0.f ? alpha * v : alpha * v + beta * c[at];
    }
};

extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
sgemm_f32(const float* a, const float* b, float* c, int m, int n, int k, int transA, int transB, int strideA,
          int strideB, float alpha, float beta, int batchBase) {
    int batch = batchBase + blockIdx.z;
    Matrix la{a, strideA, m, k, transA};
    Matrix lb{b, strideB, k, n, transB};
    GemmStore st{c, m, n, alpha, beta};
    gemmTile(batch, m, n, k, la, lb, st, !transA, !transB);
}
