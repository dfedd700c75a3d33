package org.dadda.tensor.cpu.gemm;

/**
 * Single-precision general matrix multiply on row-major float arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is {@code X} or its transpose.
 *
 * <p>{@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, C is {@code m x n}. A stored
 * non-transposed {@code A} has {@code m} rows of {@code k} (so {@code lda >= k}); a transposed one is
 * stored as {@code k} rows of {@code m} ({@code lda >= m}); likewise for B. With {@code beta == 0} C
 * is overwritten without being read, so NaN or garbage in C does not leak into the result.
 *
 * <p>Implementations are deterministic: the same inputs give the same bits on every run and for every
 * thread count.
 */
public interface GemmKernel {

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}.
     *
     * @throws IllegalArgumentException if a size is negative, a leading dimension too small, or an
     *                                  operand does not fit in its array from its offset
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /**
     * {@code batch} independent products, the {@code i}-th using offsets {@code aOff + i*strideA},
     * {@code bOff + i*strideB}, {@code cOff + i*strideC}. A stride of 0 for A or B broadcasts that
     * operand to every product; {@code strideC} must be non-zero when {@code batch > 1}.
     *
     * @throws IllegalArgumentException on bad sizes, strides or array extents
     */
    void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc,
                      int batch, long strideA, long strideB, long strideC);

    /** Whether this kernel uses the Vector API. */
    boolean simd();
}
