package org.dadda.bench;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.attention.AttentionKernel;
import org.dadda.tensor.cpu.gemm.GemmKernel;

import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.cpu.support.KernelConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Multi-head self-attention block as in {@code shared/anchors/bench_attn.py}: tokens of a
 * {@code grid x grid} feature map, batch 8, C = 128, 4 heads x 32; {@code qkv = Linear(128, 384)},
 * {@code softmax(q k^T / sqrt(32)) v} (the fused attention kernel), {@code out = Linear(128, 128)}.
 * {@code forwardBackward} is the forward pass followed by the backward pass of {@code out.sum()}
 * (gradients of x, both weights and both biases), like the PyTorch script. Calls the kernels
 * directly; reports the time per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class AttentionBench {

    /** The kernels the CPU backend uses. */
    private static final GemmKernel GEMM = KernelSet.active().gemm();
    private static final AttentionKernel ATTENTION = KernelSet.active().attention();

    private static final int BATCH = 8;
    private static final int C = 128;
    private static final int HEADS = 4;
    private static final int DH = 32;
    private static final int QKV = 3 * HEADS * DH;

    /** Side of the token grid (16: 256 tokens, 32: 1024 tokens). */
    @Param({"16", "32"})
    public int grid;

    private int t;
    private float scale;
    private float[] x;
    private float[] wqkv;
    private float[] bqkv;
    private float[] wout;
    private float[] bout;
    private float[] qkv;
    private float[] q;
    private float[] k;
    private float[] v;
    private float[] o;
    private float[] lse;
    private float[] merged;
    private float[] out;
    private float[] gout;
    private float[] gwout;
    private float[] gbout;
    private float[] gmerged;
    private float[] go;
    private float[] gq;
    private float[] gk;
    private float[] gv;
    private float[] gqkv;
    private float[] gwqkv;
    private float[] gbqkv;
    private float[] gx;

    /** Seeded input and weights; every buffer allocated once. */
    @Setup
    public void setup() {
        t = grid * grid;
        scale = (float) (1 / Math.sqrt(DH));
        SplittableRandom r = new SplittableRandom(3);
        int bt = BATCH * t;
        x = fill(new float[bt * C], r, 1f);
        wqkv = fill(new float[QKV * C], r, (float) (1 / Math.sqrt(C)));
        bqkv = fill(new float[QKV], r, 0.1f);
        wout = fill(new float[C * HEADS * DH], r, (float) (1 / Math.sqrt(C)));
        bout = fill(new float[C], r, 0.1f);
        qkv = new float[bt * QKV];
        int heads = BATCH * HEADS * t * DH;
        q = new float[heads];
        k = new float[heads];
        v = new float[heads];
        o = new float[heads];
        lse = new float[BATCH * HEADS * t];
        merged = new float[bt * HEADS * DH];
        out = new float[bt * C];
        gout = new float[bt * C];
        java.util.Arrays.fill(gout, 1f);
        gwout = new float[wout.length];
        gbout = new float[C];
        gmerged = new float[merged.length];
        go = new float[heads];
        gq = new float[heads];
        gk = new float[heads];
        gv = new float[heads];
        gqkv = new float[qkv.length];
        gwqkv = new float[wqkv.length];
        gbqkv = new float[QKV];
        gx = new float[x.length];
        System.out.println("# dadda kernels: " + KernelConfig.describe());
    }

    private static float[] fill(float[] a, SplittableRandom r, float s) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1) * s;
        }
        return a;
    }

    /** {@code y[rows, cols] = xin[rows, in] * w^T + b} with {@code w [cols, in]}. */
    private static void linear(float[] xin, int rows, int in, float[] w, float[] b, int cols, float[] y) {
        GEMM.sgemm(false, true, rows, cols, in, 1f, xin, 0, in, w, 0, in, 0f, y, 0, cols);
        Parallel.forRange(rows, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                for (int c = 0; c < cols; c++) {
                    y[r * cols + c] += b[c];
                }
            }
        });
    }

    /** Column sums of {@code g [rows, cols]} into {@code gb}, each thread summing its own columns in row order. */
    private static void columnSums(float[] g, int rows, int cols, float[] gb) {
        Parallel.forRange(cols, 16, (c0, c1) -> {
            java.util.Arrays.fill(gb, c0, c1, 0f);
            for (int r = 0; r < rows; r++) {
                for (int c = c0; c < c1; c++) {
                    gb[c] += g[r * cols + c];
                }
            }
        });
    }

    /** Moves head {@code part} (0 q, 1 k, 2 v) of rows {@code [b, t, 3, h, d]} to {@code [b, h, t, d]} or back. */
    private void permute(float[] rowsLayout, int width, int part, float[] heads, boolean toHeads) {
        Parallel.forRange(BATCH * t, 256, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int b = i / t;
                int tok = i - b * t;
                int row = i * width + part * HEADS * DH;
                for (int h = 0; h < HEADS; h++) {
                    int hd = ((b * HEADS + h) * t + tok) * DH;
                    if (toHeads) {
                        System.arraycopy(rowsLayout, row + h * DH, heads, hd, DH);
                    } else {
                        System.arraycopy(heads, hd, rowsLayout, row + h * DH, DH);
                    }
                }
            }
        });
    }

    /** The block's forward pass. */
    @Benchmark
    public float[] forward() {
        int bt = BATCH * t;
        linear(x, bt, C, wqkv, bqkv, QKV, qkv);
        permute(qkv, QKV, 0, q, true);
        permute(qkv, QKV, 1, k, true);
        permute(qkv, QKV, 2, v, true);
        ATTENTION.forward(BATCH * HEADS, t, t, DH, scale, q, k, v, null, o, lse);
        permute(merged, HEADS * DH, 0, o, false);
        linear(merged, bt, HEADS * DH, wout, bout, C, out);
        return out;
    }

    /** Forward pass, then the gradients of {@code out.sum()} with respect to x, the weights and biases. */
    @Benchmark
    public float[] forwardBackward() {
        forward();
        int bt = BATCH * t;
        int hd = HEADS * DH;
        // out = merged * wout^T + bout
        GEMM.sgemm(true, false, C, hd, bt, 1f, gout, 0, C, merged, 0, hd, 0f, gwout, 0, hd);
        columnSums(gout, bt, C, gbout);
        GEMM.sgemm(false, false, bt, hd, C, 1f, gout, 0, C, wout, 0, hd, 0f, gmerged, 0, hd);
        permute(gmerged, hd, 0, go, true);
        ATTENTION.backward(BATCH * HEADS, t, t, DH, scale, q, k, v, null, o, lse, go, gq, gk, gv);
        permute(gqkv, QKV, 0, gq, false);
        permute(gqkv, QKV, 1, gk, false);
        permute(gqkv, QKV, 2, gv, false);
        // qkv = x * wqkv^T + bqkv
        GEMM.sgemm(true, false, QKV, C, bt, 1f, gqkv, 0, QKV, x, 0, C, 0f, gwqkv, 0, C);
        columnSums(gqkv, bt, QKV, gbqkv);
        GEMM.sgemm(false, false, bt, C, QKV, 1f, gqkv, 0, QKV, wqkv, 0, C, 0f, gx, 0, C);
        return gx;
    }
}
