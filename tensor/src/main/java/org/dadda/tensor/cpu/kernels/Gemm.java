package org.dadda.tensor.cpu.kernels;

/**
 * Static entry points for single-precision GEMM on row-major float arrays, using the kernels chosen
 * by {@link KernelConfig} (see {@link GemmKernel} for the exact contract).
 */
public final class Gemm {

    private Gemm() {
    }

    /** The GEMM used by {@link #sgemm} and {@link #sgemmBatched}. */
    public static GemmKernel active() {
        return KernelSet.active().gemm();
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C}; see {@link GemmKernel#sgemm}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        active().sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Batched {@code C_i = alpha * op(A_i) * op(B_i) + beta * C_i}; see {@link GemmKernel#sgemmBatched}. */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                                    float alpha, float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc,
                                    int batch, long strideA, long strideB, long strideC) {
        active().sgemmBatched(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                batch, strideA, strideB, strideC);
    }
}
