package org.dadda.tensor.cpu.kernels;

import org.dadda.tensor.cpu.Parallel;

/**
 * Cache-blocked GEMM driver around a {@link MicroKernel}, in the Goto/BLIS loop order: column blocks
 * of {@code nc}, depth blocks of {@code kc} (a packed B block per thread), row blocks of {@code mc} (a
 * packed A block per thread), then micro-tiles.
 *
 * <p>Work is split between threads over disjoint column (or row) ranges of C, never over the depth,
 * and every C element is summed in the same order (depth blocks in sequence, the micro-kernel's order
 * within a block) whichever thread computes it, so results do not depend on the thread count. Pack
 * buffers belong to the thread and are reused, so a steady state allocates no arrays.
 */
final class BlockedGemm implements GemmKernel {

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

    /** Per-thread pack buffers and the staging tile for partial micro-tiles. */
    private static final class Workspace {
        final float[] a;
        final float[] b;
        final float[] tile;
        float[] edgeA = new float[0];
        float[] edgeB = new float[0];

        Workspace(int aSize, int bSize, int tileSize) {
            a = new float[aSize];
            b = new float[bSize];
            tile = new float[tileSize];
        }

        float[] edgeA(int size) {
            if (edgeA.length < size) {
                edgeA = new float[size];
            }
            return edgeA;
        }

        float[] edgeB(int size) {
            if (edgeB.length < size) {
                edgeB = new float[size];
            }
            return edgeB;
        }
    }

    /**
     * @param kernel micro-kernel
     * @param kc     depth block
     * @param mc     row block (rounded up to the kernel's rows)
     * @param nc     column block (rounded up to the kernel's columns)
     * @param simd   whether the micro-kernel uses the Vector API (reported by {@link #simd()})
     */
    BlockedGemm(MicroKernel kernel, int kc, int mc, int nc, boolean simd) {
        this.kernel = kernel;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.kcMax = kc;
        this.mcMax = roundUp(mc, mr);
        this.ncMax = roundUp(nc, nr);
        this.simd = simd;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(mcMax * kcMax, kcMax * ncMax, mr * nr));
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    @Override
    public boolean simd() {
        return simd;
    }

    /** Depth block size; a pre-packed operand must be cut in blocks of this depth. */
    int kc() {
        return kcMax;
    }

    /** Rows of the micro-kernel. */
    int mr() {
        return mr;
    }

    /** Columns of the micro-kernel. */
    int nr() {
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
    void multiply(int m, int n, int k, OperandA a, OperandB b, float alpha, float beta,
                  float[] c, int cOff, int ldc, boolean parallel) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (a instanceof PrepackedA pa && !pa.packedFor(kcMax, mr)) {
            throw new IllegalArgumentException("prepacked A operand was packed for another GEMM blocking");
        }
        int threads = parallel ? Parallel.threads() : 1;
        if (threads > 1 && (long) m * n * k >= PARALLEL_MIN_MACS) {
            int nPanels = (n + nr - 1) / nr;
            int mPanels = (m + mr - 1) / mr;
            // Splitting columns repacks all of A in every thread, splitting rows all of B: duplicate the smaller.
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

    /**
     * {@code C = A * B + beta * C} on the calling thread, reading both operands in place:
     * {@code A(r, p) = a[aOff + r*ars + p*aps]} (row-major A: {@code ars = lda, aps = 1}; transposed:
     * {@code ars = 1, aps = lda}) and {@code B(p, j) = b[bOff + p*ldb + j]}. Meant for operands that
     * already sit in cache (attention tiles), where packing would cost more than it saves; only a
     * partial last row panel or column panel is copied. The whole depth is summed in one pass, so the
     * bits can differ from {@link #multiply}'s, but not between calls.
     */
    void multiplyInPlace(int m, int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Workspace ws = workspace.get();
        int fullRows = m / mr * mr;
        float[] edgeA = null;
        if (fullRows < m) {
            edgeA = ws.edgeA(mr * k);
            int rows = m - fullRows;
            for (int p = 0; p < k; p++) {
                int src = aOff + fullRows * ars + p * aps;
                for (int r = 0; r < mr; r++) {
                    edgeA[p * mr + r] = r < rows ? a[src + r * ars] : 0f;
                }
            }
        }
        for (int jr = 0; jr < n; jr += nr) {
            int cols = Math.min(nr, n - jr);
            float[] bArr = b;
            int bo = bOff + jr;
            int bld = ldb;
            if (cols < nr) {
                bArr = ws.edgeB(k * nr);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bOff + p * ldb + jr, bArr, p * nr, cols);
                    java.util.Arrays.fill(bArr, p * nr + cols, (p + 1) * nr, 0f);
                }
                bo = 0;
                bld = nr;
            }
            for (int ir = 0; ir < m; ir += mr) {
                int rows = Math.min(mr, m - ir);
                int ci = cOff + ir * ldc + jr;
                boolean edge = rows < mr;
                float[] aArr = edge ? edgeA : a;
                int ao = edge ? 0 : aOff + ir * ars;
                int rs = edge ? 1 : ars;
                int ps = edge ? mr : aps;
                if (beta == 0f && !edge && cols == nr) {
                    kernel.multiply(k, aArr, ao, rs, ps, bArr, bo, bld, c, ci, ldc);
                } else {
                    kernel.multiply(k, aArr, ao, rs, ps, bArr, bo, bld, ws.tile, 0, nr);
                    kernel.accumulate(ws.tile, beta, c, ci, ldc, rows, cols);
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
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
        float[] ap = ws.a;
        float[] bp = ws.b;
        for (int jc = n0; jc < n1; jc += ncMax) {
            int nc = Math.min(ncMax, n1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                b.packB(bp, 0, pc, kc, jc, nc, nr);
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    float[] aBlock = ap;
                    int aBase = -ic * kc;
                    if (a instanceof PrepackedA pa) {
                        // Read in place: the whole operand was packed once, with alpha applied.
                        aBlock = pa.data();
                        aBase = pa.offset(0, pc);
                    } else {
                        a.packA(ap, 0, ic, mc, pc, kc, mr, alpha);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        int bOff = jr * kc;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            if (betaBlock == 0f && rows == mr && cols == nr) {
                                kernel.multiply(kc, aBlock, aBase + (ic + ir) * kc, 1, mr, bp, bOff, nr, c, ci, ldc);
                            } else {
                                kernel.multiply(kc, aBlock, aBase + (ic + ir) * kc, 1, mr, bp, bOff, nr, ws.tile, 0, nr);
                                kernel.accumulate(ws.tile, betaBlock, c, ci, ldc, rows, cols);
                            }
                        }
                    }
                }
            }
        }
    }
}
