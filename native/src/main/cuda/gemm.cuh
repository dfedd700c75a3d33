/*
 * One tiled matrix product C = A B over a 64 x 64 tile of C per block (256 threads, 4 x 4
 * outputs each, K in steps of 16 through shared memory). The operands come through loader
 * functors and the result leaves through a store functor, so the plain SGEMM and the three
 * convolution kernels (implicit GEMM: the im2col matrix is never built) share this loop.
 * Each output is one thread's sum in increasing k: deterministic, no atomics.
 */
#ifndef DADDA_GEMM_CUH
#define DADDA_GEMM_CUH

#define TILE_M 64
#define TILE_N 64
#define TILE_K 16
#define GEMM_THREADS 256

/*
 * The tile of C at block (blockIdx.y, blockIdx.x) for problem `batch`: la(batch, row, k),
 * lb(batch, k, col) give operand elements (only called inside the bounds) and
 * st(batch, row, col, value) stores a finished element. aAlongK: A's neighbouring elements in
 * memory differ in k (else in row); bAlongN: B's differ in column (else in k).
 */
template <class LoadA, class LoadB, class Store>
__device__ __forceinline__ void gemmTile(int batch, int M, int N, int K, const LoadA& la, const LoadB& lb,
                                         const Store& st, bool aAlongK, bool bAlongN) {
    // One column of padding: a warp storing down a column hits 32 banks, not one.
    __shared__ float As[TILE_K][TILE_M + 1];
    __shared__ float Bs[TILE_K][TILE_N + 1];
    int tid = threadIdx.x;
    int tx = tid % 16;
    int ty = tid / 16;
    int row0 = blockIdx.y * TILE_M;
    int col0 = blockIdx.x * TILE_N;
    float acc[4][4];
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            acc[i][j] = 0.f;
        }
    }
    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        // 1024 elements of each tile, 4 per thread; neighbouring threads take neighbouring
        // elements along the axis the operand is stored along, so that global reads coalesce.
        for (int l = 0; l < 4; l++) {
            int idx = tid + l * GEMM_THREADS;
            int ak = aAlongK ? idx % TILE_K : idx / TILE_M;
            int am = aAlongK ? idx / TILE_K : idx % TILE_M;
            int r = row0 + am;
            int k = k0 + ak;
            As[ak][am] = (r < M && k < K) ? la(batch, r, k) : 0.f;
            int bn = bAlongN ? idx % TILE_N : idx / TILE_K;
            int bk = bAlongN ? idx / TILE_N : idx % TILE_K;
            int c = col0 + bn;
            k = k0 + bk;
            Bs[bk][bn] = (c < N && k < K) ? lb(batch, k, c) : 0.f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TILE_K; kk++) {
            float a[4];
            float b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                a[i] = As[kk][ty + 16 * i];
                b[i] = Bs[kk][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 4; i++) {
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
    for (int i = 0; i < 4; i++) {
        int r = row0 + ty + 16 * i;
        for (int j = 0; j < 4; j++) {
            int c = col0 + tx + 16 * j;
            if (r < M && c < N) {
                st(batch, r, c, acc[i][j]);
            }
        }
    }
}

#endif
