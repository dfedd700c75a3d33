package org.dadda.tensor.cpu;

/**
 * Batched GEMM entry point of the CPU backend: hands each batch entry to the blocked kernel
 * behind {@link #sgemm}.
 */
final class MatMul {
    private MatMul() {
    }

    static void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, float alpha, float[] a, int aOff,
                     int aBatchStride, float[] b, int bOff, int bBatchStride, float beta, float[] c, int cOff) {
        for (int bt = 0; bt < batch; bt++) {
            sgemm(transA, transB, m, n, k, alpha, a, aOff + bt * aBatchStride, transA ? m : k, b,
                    bOff + bt * bBatchStride, transB ? k : n, beta, c, cOff + bt * m * n, n);
        }
    }

    /** Row-major {@code C = alpha op(A) op(B) + beta C} with leading dimensions. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // B^T is copied once to row-major so the inner loop always streams a row of B.
        float[] bb = b;
        int bo = bOff;
        int bld = ldb;
        if (transB) {
            bb = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bb[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            bo = 0;
            bld = n;
        }
        float[] fb = bb;
        int fbo = bo;
        int fld = bld;
        Parallel.forRange(m, Math.max(1, 4096 / Math.max(1, n)), (s, e) -> {
            float[] acc = new float[n];
            for (int i = s; i < e; i++) {
                java.util.Arrays.fill(acc, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (av == 0) {
                        continue;
                    }
                    int row = fbo + p * fld;
                    for (int j = 0; j < n; j++) {
                        acc[j] += av * fb[row + j];
                    }
                }
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = beta == 0 ? alpha * acc[j] : alpha * acc[j] + beta * c[ci + j];
                }
            }
        });
    }
}
