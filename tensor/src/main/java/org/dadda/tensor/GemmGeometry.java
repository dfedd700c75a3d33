package org.dadda.tensor;

/**
 * Sizes of a batched matrix product {@code C[b] = alpha op(A[b]) op(B[b]) + beta C[b]}, with
 * {@code op(A)} {@code m x k}, {@code op(B)} {@code k x n} and {@code C} {@code m x n}, all row-major.
 * The operands are {@link View}s of rank 3, {@code [batch, rows, cols]} as stored (so
 * {@code [batch, k, m]} for a transposed A); a batch stride of 0 reuses one matrix for every
 * batch entry. {@link #a}, {@link #b} and {@link #c} build such views.
 *
 * @param transA whether A is stored transposed ({@code k x m})
 * @param transB whether B is stored transposed ({@code n x k})
 * @param batch  number of products
 * @param m      rows of C
 * @param n      columns of C
 * @param k      the summed dimension
 */
public record GemmGeometry(boolean transA, boolean transB, int batch, int m, int n, int k) {

    /** Validates that every size is positive. */
    public GemmGeometry {
        if (batch < 1 || m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("gemm: sizes must be positive: batch " + batch + ", m " + m + ", n " + n
                    + ", k " + k);
        }
    }

    /** One product. */
    public static GemmGeometry of(boolean transA, boolean transB, int m, int n, int k) {
        return new GemmGeometry(transA, transB, 1, m, n, k);
    }

    /** A as stored at {@code offset}, {@code batchStride} elements between its batch entries. */
    public View a(Storage s, int offset, int batchStride) {
        return matrix(s, offset, batchStride, transA ? k : m, transA ? m : k);
    }

    /** B as stored at {@code offset}, {@code batchStride} elements between its batch entries. */
    public View b(Storage s, int offset, int batchStride) {
        return matrix(s, offset, batchStride, transB ? n : k, transB ? k : n);
    }

    /** C, dense at {@code offset}. */
    public View c(Storage s, int offset) {
        return matrix(s, offset, m * n, m, n);
    }

    private View matrix(Storage s, int offset, int batchStride, int rows, int cols) {
        return new View(s, offset, new int[] {batch, rows, cols}, new int[] {batchStride, cols, 1});
    }

    /** Elements between batch entries of a rank-3 operand view (0 when one matrix serves all). */
    public static int batchStride(View v) {
        return v.strides()[0];
    }
}
