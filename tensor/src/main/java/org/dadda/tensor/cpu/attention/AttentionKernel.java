package org.dadda.tensor.cpu.attention;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.gemm.BlockedGemm;
import org.dadda.tensor.cpu.gemm.DenseOperand;
import org.dadda.tensor.cpu.rows.RowOps;
import org.dadda.tensor.cpu.support.Scratch;
import org.dadda.tensor.cpu.support.Tasks;
import org.dadda.tensor.parallel.Parallel;

/**
 * Fused scaled-dot-product attention, {@code out = softmax(q k^T * scale + mask) v}, and its backward
 * pass, on one kernel family.
 *
 * <p>Layouts: {@code q} and {@code out} are {@code [bh, lq, d]}, {@code k} and {@code v} are
 * {@code [bh, lk, d]}, the optional additive {@code mask} is {@code [lq, lk]} shared by all
 * {@code bh} heads, {@code lse} ({@code [bh, lq]}) keeps each row's log-sum-exp for the backward pass.
 *
 * <p>Each head is processed in blocks of query rows: the block's scores ({@code rows x lk}, in a
 * per-thread buffer that stays in cache) are computed, turned into probabilities in place and
 * multiplied with {@code v}; the full {@code lq x lk} matrix never exists. The backward pass
 * recomputes each block's probabilities from {@code lse} (as FlashAttention does) and accumulates the
 * key and value gradients block after block, so no probabilities are stored between the passes. The
 * GEMMs read these cache-resident operands in place, without packing.
 *
 * <p>Heads run side by side on the worker pool; with fewer heads than threads the forward pass
 * splits query blocks instead. Every output element is computed the same way whichever thread
 * computes it, so results do not depend on the thread count.
 */
public final class AttentionKernel {

    /** Query rows per block: 64 rows of 1024 keys keep the score and gradient blocks in L2. */
    private static final int BLOCK_Q = 64;

    private static final double LN2 = StrictMath.log(2);

    private final BlockedGemm gemm;
    private final RowOps ops;

    /** Attention on {@code gemm} and the row primitives {@code ops} (one family: both vector or both scalar). */
    public AttentionKernel(BlockedGemm gemm, RowOps ops) {
        this.gemm = gemm;
        this.ops = ops;
    }

    /** Row stride of score blocks: a multiple of 16 floats that is not a multiple of 1024, to avoid cache-set aliasing. */
    private static int scoreStride(int lk) {
        int ld = (lk + 15) / 16 * 16;
        return ld % 1024 == 0 ? ld + 16 : ld;
    }

    /**
     * Forward pass; {@code out} and {@code lse} are overwritten.
     *
     * @param mask additive mask {@code [lq, lk]} (may hold {@code -Infinity}), or {@code null}
     * @throws IllegalArgumentException on non-positive sizes or arrays too short for them
     */
    public void forward(int bh, int lq, int lk, int d, float scale, float[] q, float[] k, float[] v, float[] mask,
                        float[] out, float[] lse) {
        checkShapes(bh, lq, lk, d, q, k, v, mask, out);
        require("lse", lse, (long) bh * lq, bh, lq, lk, d);
        int blocks = (lq + BLOCK_Q - 1) / BLOCK_Q;
        float[] maskLog2 = scaledMask(mask, lq, lk);
        Tasks.run(bh, (h, inside) -> {
            float[] kt = Scratch.get(Scratch.Slot.ATTN_KEYS_T, d * lk);
            transpose(k, h * lk * d, lk, d, kt, 0);
            if (inside) {
                Parallel.forRange(blocks, 1, (s, e) -> {
                    for (int blk = s; blk < e; blk++) {
                        forwardBlock(h, blk * BLOCK_Q, lq, lk, d, scale, q, kt, v, maskLog2, out, lse);
                    }
                });
            } else {
                for (int blk = 0; blk < blocks; blk++) {
                    forwardBlock(h, blk * BLOCK_Q, lq, lk, d, scale, q, kt, v, maskLog2, out, lse);
                }
            }
        });
    }

    /** {@code mask * log2(e)} in the calling thread's scratch (read by all workers), or null. */
    private static float[] scaledMask(float[] mask, int lq, int lk) {
        if (mask == null) {
            return null;
        }
        int n = lq * lk;
        float[] m = Scratch.get(Scratch.Slot.ATTN_MASK, n);
        for (int i = 0; i < n; i++) {
            m[i] = mask[i] * RowOps.LOG2E;
        }
        return m;
    }

    /** The block's queries times {@code scale * log2(e)}, so its scores come out in base-2 units. */
    private static float[] scaledQueries(float[] q, int qBase, int rows, int d, float scale) {
        float[] qs = Scratch.get(Scratch.Slot.ATTN_QUERIES, rows * d);
        float f = scale * RowOps.LOG2E;
        for (int i = 0; i < rows * d; i++) {
            qs[i] = q[qBase + i] * f;
        }
        return qs;
    }

    private void forwardBlock(int h, int q0, int lq, int lk, int d, float scale, float[] q, float[] kt, float[] v,
                              float[] maskLog2, float[] out, float[] lse) {
        int rows = Math.min(BLOCK_Q, lq - q0);
        int lds = scoreStride(lk);
        float[] s = Scratch.get(Scratch.Slot.ATTN_SCORES, rows * lds);
        float[] inv = Scratch.get(Scratch.Slot.ATTN_ROW_STATS, rows);
        int qBase = (h * lq + q0) * d;
        float[] qs = scaledQueries(q, qBase, rows, d, scale);
        gemm.multiply(rows, lk, d, new DenseOperand(qs, 0, d, false), new DenseOperand(kt, 0, lk, false), 1f, 0f, s, 0, lds, false);
        for (int r = 0; r < rows; r++) {
            float max = ops.addMax(s, r * lds, lk, maskLog2, (q0 + r) * lk);
            float sum = ops.exp2Sub(s, r * lds, lk, max);
            lse[h * lq + q0 + r] = (float) ((max + StrictMath.log(sum) / LN2) * LN2);
            inv[r] = 1f / sum;
        }
        gemm.multiply(rows, d, lk, new DenseOperand(s, 0, lds, false), new DenseOperand(v, h * lk * d, d, false), 1f, 0f, out, qBase, d, false);
        for (int r = 0; r < rows; r++) {
            ops.scale(out, qBase + r * d, d, inv[r]);
        }
    }

    /**
     * Backward pass from the forward pass's {@code out} and {@code lse}; {@code gq}, {@code gk} and
     * {@code gv} are overwritten. Heads run in parallel; one head's query blocks run in order because
     * they all add into that head's key and value gradients.
     *
     * @throws IllegalArgumentException on non-positive sizes or arrays too short for them
     */
    public void backward(int bh, int lq, int lk, int d, float scale, float[] q, float[] k, float[] v, float[] mask,
                         float[] out, float[] lse, float[] gout, float[] gq, float[] gk, float[] gv) {
        checkShapes(bh, lq, lk, d, q, k, v, mask, out);
        require("lse", lse, (long) bh * lq, bh, lq, lk, d);
        require("gout", gout, (long) bh * lq * d, bh, lq, lk, d);
        require("gq", gq, (long) bh * lq * d, bh, lq, lk, d);
        require("gk", gk, (long) bh * lk * d, bh, lq, lk, d);
        require("gv", gv, (long) bh * lk * d, bh, lq, lk, d);
        int lds = scoreStride(lk);
        float[] maskLog2 = scaledMask(mask, lq, lk);
        Parallel.forRange(bh, 1, (h0, h1) -> {
            for (int h = h0; h < h1; h++) {
                float[] t = Scratch.get(Scratch.Slot.ATTN_KEYS_T, 2 * d * lk);
                float[] delta = Scratch.get(Scratch.Slot.ATTN_ROW_STATS, lq);
                int kvBase = h * lk * d;
                int qHead = h * lq * d;
                transpose(k, kvBase, lk, d, t, 0);
                transpose(v, kvBase, lk, d, t, d * lk);
                for (int i = 0; i < lq; i++) {
                    delta[i] = ops.dot(gout, qHead + i * d, out, qHead + i * d, d);
                }
                for (int q0 = 0; q0 < lq; q0 += BLOCK_Q) {
                    int rows = Math.min(BLOCK_Q, lq - q0);
                    float[] s = Scratch.get(Scratch.Slot.ATTN_SCORES, rows * lds);
                    float[] ds = Scratch.get(Scratch.Slot.ATTN_GRAD_SCORES, rows * lds);
                    int qBase = qHead + q0 * d;
                    float beta = q0 == 0 ? 0f : 1f;
                    float[] qs = scaledQueries(q, qBase, rows, d, scale);
                    gemm.multiply(rows, lk, d, new DenseOperand(qs, 0, d, false), new DenseOperand(t, 0, lk, false), 1f, 0f, s, 0, lds, false);
                    for (int r = 0; r < rows; r++) {
                        ops.exp2AddSub(s, r * lds, lk, maskLog2, (q0 + r) * lk, lse[h * lq + q0 + r] * RowOps.LOG2E);
                    }
                    // dV += P^T dO
                    gemm.multiply(lk, d, rows, new DenseOperand(s, 0, lds, true), new DenseOperand(gout, qBase, d, false), 1f, beta, gv, kvBase, d, false);
                    // dP = dO V^T, then dS = P (dP - delta) * scale in place
                    gemm.multiply(rows, lk, d, new DenseOperand(gout, qBase, d, false), new DenseOperand(t, d * lk, lk, false), 1f, 0f, ds, 0, lds, false);
                    for (int r = 0; r < rows; r++) {
                        ops.mulSub(s, r * lds, ds, r * lds, lk, delta[q0 + r], scale);
                    }
                    // dQ = dS K, dK += dS^T Q
                    gemm.multiply(rows, d, lk, new DenseOperand(ds, 0, lds, false), new DenseOperand(k, kvBase, d, false), 1f, 0f, gq, qBase, d, false);
                    gemm.multiply(lk, d, rows, new DenseOperand(ds, 0, lds, true), new DenseOperand(q, qBase, d, false), 1f, beta, gk, kvBase, d, false);
                }
            }
        });
    }

    /** {@code dst[dOff + j*rows + i] = src[off + i*cols + j]} for a {@code rows x cols} source. */
    private static void transpose(float[] src, int off, int rows, int cols, float[] dst, int dOff) {
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j = 0; j < cols; j++) {
                int to = dOff + j * rows;
                for (int i = i0; i < i1; i++) {
                    dst[to + i] = src[off + i * cols + j];
                }
            }
        }
    }

    private static void checkShapes(int bh, int lq, int lk, int d, float[] q, float[] k, float[] v, float[] mask,
                                    float[] out) {
        if (bh < 1 || lq < 1 || lk < 1 || d < 1) {
            throw new IllegalArgumentException("attention: sizes must be positive, got bh=" + bh + " lq=" + lq
                    + " lk=" + lk + " d=" + d);
        }
        require("q", q, (long) bh * lq * d, bh, lq, lk, d);
        require("k", k, (long) bh * lk * d, bh, lq, lk, d);
        require("v", v, (long) bh * lk * d, bh, lq, lk, d);
        require("out", out, (long) bh * lq * d, bh, lq, lk, d);
        if (mask != null) {
            require("mask", mask, (long) lq * lk, bh, lq, lk, d);
        }
    }

    private static void require(String name, float[] a, long len, int bh, int lq, int lk, int d) {
        if (a == null || a.length < len) {
            throw new IllegalArgumentException("attention: " + name + " needs " + len + " floats for bh=" + bh
                    + " lq=" + lq + " lk=" + lk + " d=" + d + ", got " + (a == null ? "null" : a.length));
        }
    }
}
