package org.dadda.tensor.cpu.gemm;

import org.dadda.tensor.cpu.support.IdentityRows;
import org.dadda.tensor.cpu.support.Tasks;
import org.dadda.tensor.parallel.Parallel;

import java.util.Arrays;

/**
 * Cache-blocked GEMM driver around a {@link MicroKernel}, in the Goto/BLIS loop order: column blocks
 * of {@code nc}, depth blocks of {@code kc}, row blocks of {@code mc}, then micro-panels of A (outer)
 * against micro-panels of B (inner), so one A micro-panel stays in L1 while the B block streams.
 *
 * <p>Operands are packed into per-thread buffers unless the micro-kernel can read them where they are:
 * a row-major A (with {@code alpha == 1}) and full-width panels of a row-major or virtual B (a
 * convolution's shifted image rows) are read in place, which saves the packing passes that dominate
 * when one dimension is small. Edge panels are always packed (zero padded).
 *
 * <p>Work is split between threads over disjoint column (or row) ranges of C, never over the depth,
 * and every C element is summed in the same order (depth blocks in sequence, the micro-kernel's order
 * within a block) whichever thread computes it, so results do not depend on the thread count. Buffers
 * belong to the thread and are reused, so a steady state allocates no arrays.
 */
public final class BlockedGemm implements GemmKernel {

    /** Floats of a B micro-panel ({@code kc * nr}) up to which it is kept in L1 across the A panels (16 KiB). */
    private static final int SMALL_PANEL = 4096;

    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_MIN_MACS = 1L << 17;

    private final MicroKernel kernel;
    private final int mr;
    private final int nr;
    private final int kcMax;
    private final int mcMax;
    private final int ncMax;
    private final boolean simd;
    private final ThreadLocal<Workspace> workspace;

    /** Per-thread pack buffers, panel bookkeeping and the staging tile for partial micro-tiles. */
    private static final class Workspace {
        final float[] a;
        final float[] b;
        final float[] tile;
        /** Per B panel of the current block: column base (in place) or offset into {@code b} (packed). */
        final int[] panelColumn;
        final boolean[] panelInPlace;
        /** Per A panel of the current row block: where the micro-kernel reads it and with which strides. */
        final float[][] aArr;
        final int[] aOff;
        final int[] aRs;
        final int[] aPs;
        final float[] edgeA;

        Workspace(int aSize, int bSize, int tileSize, int bPanels, int aPanels, int edgeSize) {
            a = new float[aSize];
            b = new float[bSize];
            tile = new float[tileSize];
            panelColumn = new int[bPanels];
            panelInPlace = new boolean[bPanels];
            aArr = new float[aPanels][];
            aOff = new int[aPanels];
            aRs = new int[aPanels];
            aPs = new int[aPanels];
            edgeA = new float[edgeSize];
        }

        void setA(int q, float[] arr, int off, int rs, int ps) {
            aArr[q] = arr;
            aOff[q] = off;
            aRs[q] = rs;
            aPs[q] = ps;
        }
    }

    /**
     * @param kernel micro-kernel
     * @param kc     depth block
     * @param mc     row block (rounded up to the kernel's rows)
     * @param nc     column block (rounded up to the kernel's columns)
     * @param simd   whether the micro-kernel uses the Vector API (reported by {@link #simd()})
     */
    public BlockedGemm(MicroKernel kernel, int kc, int mc, int nc, boolean simd) {
        this.kernel = kernel;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.kcMax = kc;
        this.mcMax = roundUp(mc, mr);
        this.ncMax = roundUp(nc, nr);
        this.simd = simd;
        this.workspace = ThreadLocal.withInitial(() ->
                new Workspace(mcMax * kcMax, kcMax * ncMax, mr * nr, ncMax / nr, mcMax / mr, mr * kcMax));
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    @Override
    public boolean simd() {
        return simd;
    }

    /**
     * Depth block for a product of depth {@code k}: the depth is cut into {@code ceil(k / kcMax)}
     * blocks of equal size (the last one possibly shorter), so no block is a thin remainder that the
     * micro-kernel would run at a fraction of its speed. A pre-packed operand is cut the same way.
     */
    int depthBlock(int k) {
        int blocks = Math.max(1, (k + kcMax - 1) / kcMax);
        return (k + blocks - 1) / blocks;
    }

    /** Rows of the micro-kernel. */
    int mr() {
        return mr;
    }

    /** Columns of the micro-kernel. */
    public int nr() {
        return nr;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        multiply(m, n, k, new DenseOperand(a, aOff, lda, transA), new DenseOperand(b, bOff, ldb, transB),
                alpha, beta, c, cOff, ldc, true);
    }

    @Override
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                             int batch, long strideA, long strideB, long strideC) {
        if (batch < 0) {
            throw new IllegalArgumentException("sgemmBatched: batch must be >= 0, got " + batch);
        }
        if (batch == 0) {
            return;
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("sgemmBatched: strides must be >= 0, got A " + strideA + ", B " + strideB + ", C " + strideC);
        }
        if (batch > 1 && strideC == 0 && m > 0 && n > 0) {
            throw new IllegalArgumentException("sgemmBatched: strideC is 0 with batch " + batch + ": the products would overwrite each other");
        }
        long lastA = aOff + strideA * (batch - 1);
        long lastB = bOff + strideB * (batch - 1);
        long lastC = cOff + strideC * (batch - 1);
        if (lastA > Integer.MAX_VALUE || lastB > Integer.MAX_VALUE || lastC > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sgemmBatched: offset of the last product exceeds the array range");
        }
        // The first and last products bound all others, so checking both checks every product.
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        GemmChecks.check(transA, transB, m, n, k, a, (int) lastA, lda, b, (int) lastB, ldb, c, (int) lastC, ldc);
        Tasks.run(batch, (i, inside) -> multiply(m, n, k, new DenseOperand(a, (int) (aOff + strideA * i), lda, transA),
                new DenseOperand(b, (int) (bOff + strideB * i), ldb, transB),
                alpha, beta, c, (int) (cOff + strideC * i), ldc, inside));
    }

    /**
     * {@code C = alpha * A * B + beta * C} for already validated operands; {@code parallel} lets the
     * product split over the worker pool (callers that are themselves parallel pass {@code false}).
     */
    public void multiply(int m, int n, int k, OperandA a, OperandB b, float alpha, float beta,
                  float[] c, int cOff, int ldc, boolean parallel) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (a instanceof PrepackedA pa && !pa.packedFor(depthBlock(k), mr)) {
            throw new IllegalArgumentException("prepacked A operand was packed for another GEMM blocking");
        }
        int threads = parallel ? Parallel.threads() : 1;
        if (threads > 1 && (long) m * n * k >= PARALLEL_MIN_MACS) {
            int nPanels = (n + nr - 1) / nr;
            int mPanels = (m + mr - 1) / mr;
            // Splitting columns makes every thread read all of A, splitting rows all of B.
            if (nPanels >= threads && (n >= m || mPanels < threads)) {
                Parallel.forRange(nPanels, 1, (s, e) ->
                        block(0, m, s * nr, Math.min(n, e * nr), k, a, b, alpha, beta, c, cOff, ldc));
                return;
            }
            if (mPanels >= threads) {
                Parallel.forRange(mPanels, 1, (s, e) ->
                        block(s * mr, Math.min(m, e * mr), 0, n, k, a, b, alpha, beta, c, cOff, ldc));
                return;
            }
        }
        block(0, m, 0, n, k, a, b, alpha, beta, c, cOff, ldc);
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /** The serial blocked algorithm over rows {@code [m0, m1)} and columns {@code [n0, n1)} of C. */
    private void block(int m0, int m1, int n0, int n1, int k, OperandA a, OperandB b, float alpha, float beta,
                       float[] c, int cOff, int ldc) {
        Workspace ws = workspace.get();
        float[] aData = a.inPlaceData();
        boolean aPacked = a.inPlaceIsPacked();
        boolean aInPlace = aData != null && (aPacked || alpha == 1f);
        int ars = aInPlace ? a.rowStride() : 1;
        int aps = aInPlace ? a.depthStride() : mr;
        float[] bData = b.inPlaceData();
        int[] bRows = bData == null ? null : b.inPlaceRows(k);
        int bLd = b.inPlaceLd();
        int kcBlock = depthBlock(k);
        int[] packedRows = IdentityRows.identity(kcBlock);
        for (int jc = n0; jc < n1; jc += ncMax) {
            int nc = Math.min(ncMax, n1 - jc);
            int panels = (nc + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += kcBlock) {
                int kc = Math.min(kcBlock, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                for (int t = 0; t < panels; t++) {
                    int j = jc + t * nr;
                    int col = bData == null ? -1 : b.inPlaceColumn(j, Math.min(nr, jc + nc - j), nr, k);
                    ws.panelInPlace[t] = col >= 0;
                    if (col >= 0) {
                        ws.panelColumn[t] = col;
                    } else {
                        ws.panelColumn[t] = t * kc * nr;
                        b.packB(ws.b, t * kc * nr, pc, kc, j, Math.min(nr, jc + nc - j), nr);
                    }
                }
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    if (!aInPlace) {
                        a.packA(ws.a, 0, ic, mc, pc, kc, mr, alpha);
                    }
                    int aPanels = (mc + mr - 1) / mr;
                    for (int q = 0; q < aPanels; q++) {
                        int ir = q * mr;
                        int rows = Math.min(mr, mc - ir);
                        if (!aInPlace) {
                            ws.setA(q, ws.a, ir * kc, 1, mr);
                        } else if (rows == mr || aPacked) {
                            ws.setA(q, aData, a.inPlaceOffset(ic + ir, pc), ars, aps);
                        } else {
                            // A partial last panel would read past A's rows: pack it, zero padded.
                            a.packA(ws.edgeA, 0, ic + ir, rows, pc, kc, mr, alpha);
                            ws.setA(q, ws.edgeA, 0, 1, mr);
                        }
                    }
                    // A short depth block makes a B micro-panel small enough to stay in L1 while
                    // every A panel passes over it; otherwise one A panel stays in L1 and B streams.
                    if (kc * nr <= SMALL_PANEL) {
                        for (int t = 0; t < panels; t++) {
                            for (int q = 0; q < aPanels; q++) {
                                tile(ws, q, t, kc, mc, nc, ic, jc, pc, betaBlock, bData, bRows, bLd, packedRows, c, cOff, ldc);
                            }
                        }
                    } else {
                        for (int q = 0; q < aPanels; q++) {
                            for (int t = 0; t < panels; t++) {
                                tile(ws, q, t, kc, mc, nc, ic, jc, pc, betaBlock, bData, bRows, bLd, packedRows, c, cOff, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /** One micro-tile: A panel {@code q} of the current row block against B panel {@code t} of the current column block. */
    private void tile(Workspace ws, int q, int t, int kc, int mc, int nc, int ic, int jc, int pc, float beta,
                      float[] bData, int[] bRows, int bLd, int[] packedRows, float[] c, int cOff, int ldc) {
        int ir = q * mr;
        int jr = t * nr;
        int rows = Math.min(mr, mc - ir);
        int cols = Math.min(nr, nc - jr);
        boolean inPlace = ws.panelInPlace[t];
        float[] bArr = inPlace ? bData : ws.b;
        int[] rowTable = inPlace ? bRows : packedRows;
        int rowOff = inPlace ? pc : 0;
        int ld = inPlace ? bLd : nr;
        int ci = cOff + (ic + ir) * ldc + jc + jr;
        if (beta == 0f && rows == mr && cols == nr) {
            kernel.multiply(kc, ws.aArr[q], ws.aOff[q], ws.aRs[q], ws.aPs[q], bArr, rowTable, rowOff, ld, ws.panelColumn[t],
                    c, ci, ldc);
        } else {
            kernel.multiply(kc, ws.aArr[q], ws.aOff[q], ws.aRs[q], ws.aPs[q], bArr, rowTable, rowOff, ld, ws.panelColumn[t],
                    ws.tile, 0, nr);
            kernel.accumulate(ws.tile, beta, c, ci, ldc, rows, cols);
        }
    }
}
