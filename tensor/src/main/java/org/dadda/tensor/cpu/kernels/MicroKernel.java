package org.dadda.tensor.cpu.kernels;

/**
 * The innermost GEMM step: one {@code mr x nr} tile of C from a packed A micro-panel and a packed B
 * micro-panel.
 *
 * <p>Packed layouts: the A micro-panel holds {@code kc} groups of {@code mr} floats (column {@code p}
 * of the panel's {@code mr} rows), the B micro-panel {@code kc} groups of {@code nr} floats (row
 * {@code p} of the panel's {@code nr} columns). Every element of the tile is accumulated in the same
 * order over {@code p}, whatever the tile's position, so a GEMM split over tiles gives the same bits
 * however it is split.
 */
interface MicroKernel {

    /** Rows of the tile. */
    int mr();

    /** Columns of the tile. */
    int nr();

    /**
     * Writes {@code dst[dOff + r*ldd + j] = sum_p ap[apOff + p*mr + r] * bp[bpOff + p*nr + j]} for the
     * full {@code mr x nr} tile (the destination is only written, never read).
     */
    void multiply(int kc, float[] ap, int apOff, float[] bp, int bpOff, float[] dst, int dOff, int ldd);

    /**
     * Merges a product tile ({@code tile}, row stride {@code nr}) into C:
     * {@code c[r*ldc + j] = tile[r*nr + j] + beta * c[r*ldc + j]} for {@code r < rows, j < cols};
     * with {@code beta == 0} C is only written.
     */
    void accumulate(float[] tile, float beta, float[] c, int cOff, int ldc, int rows, int cols);
}
