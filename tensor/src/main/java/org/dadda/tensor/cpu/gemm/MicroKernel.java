package org.dadda.tensor.cpu.gemm;

/**
 * The innermost GEMM step: one {@code mr x nr} tile of C.
 *
 * <p>A is addressed by two strides, {@code A(r, p) = a[aOff + r*ars + p*aps]}, so the same kernel reads
 * a packed micro-panel ({@code ars = 1, aps = mr}) or a row-major matrix in place ({@code ars = lda,
 * aps = 1}). Row {@code p} of B is {@code nr} consecutive floats starting at
 * {@code b[bRows[bRowOff + p] * ldb + bCol]}: with the identity table and {@code ldb} the row stride
 * this is an ordinary (packed or in-place) matrix; with a table of offsets and {@code ldb = 1} it is a
 * virtual matrix whose rows lie anywhere, such as the shifted image rows of a convolution. Every
 * element of the tile is accumulated in the same order over {@code p}, whatever the tile's position or
 * the operands' layout, so a GEMM split over tiles gives the same bits however it is split.
 */
public interface MicroKernel {

    /** Rows of the tile. */
    int mr();

    /** Columns of the tile. */
    int nr();

    /**
     * Writes {@code dst[dOff + r*ldd + j] = sum_p A(r, p) * B(p, j)} over {@code p < kc} for the full
     * {@code mr x nr} tile (the destination is only written, never read).
     */
    void multiply(int kc, float[] a, int aOff, int ars, int aps, float[] b, int[] bRows, int bRowOff, int ldb, int bCol,
                  float[] dst, int dOff, int ldd);

    /**
     * Merges a product tile ({@code tile}, row stride {@code nr}) into C:
     * {@code c[r*ldc + j] = tile[r*nr + j] + beta * c[r*ldc + j]} for {@code r < rows, j < cols};
     * with {@code beta == 0} C is only written.
     */
    void accumulate(float[] tile, float beta, float[] c, int cOff, int ldc, int rows, int cols);
}
