package org.dadda.cuda;

import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.GemmGeometry;
import org.dadda.tensor.View;

/**
 * Timings of the CUDA backend's heavy kernels for the device check (native/device-check.sh runs
 * the same shapes in PyTorch beside it): SGEMM, 3x3 convolution forward and both gradients,
 * attention forward and forward+backward. Each row is the mean time of the repetitions that fit in
 * half a second (at most 50) after two warm-up calls, waiting for the GPU by reading one element back. Prints
 * {@code op | shape | ms | TFLOP/s}.
 */
public final class CudaBench {
    private CudaBench() {
    }

    /** Runs the rows on {@code dadda.backend} cuda. */
    public static void main(String[] args) {
        Backend be = Backends.byName("cuda");
        System.out.printf("%-26s %-34s %10s %9s%n", "op (dadda cuda)", "shape", "ms", "TFLOP/s");
        for (int s : new int[] {1024, 4096}) {
            GemmGeometry g = GemmGeometry.of(false, false, s, s, s);
            View a = randn(be, s * s);
            View b = randn(be, s * s);
            View c = randn(be, s * s);
            row(be, "sgemm", s + "^3", 2.0 * s * s * s, c,
                    () -> be.gemm(g, 1, g.a(a.storage(), 0, 0), g.b(b.storage(), 0, 0), 0, g.c(c.storage(), 0)));
        }
        ConvGeometry cg = new ConvGeometry(16, 128, 64, 64, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        View x = randn(be, 16 * 128 * 64 * 64);
        View w = randn(be, 128 * 128 * 9);
        View y = randn(be, 16 * 128 * 64 * 64);
        View gx = randn(be, 16 * 128 * 64 * 64);
        View gw = randn(be, 128 * 128 * 9);
        String conv = "16x128x64x64, 128 out, 3x3";
        row(be, "conv2d forward", conv, 2.0 * cg.macs(), y, () -> be.conv2d(cg, x, w, null, y));
        row(be, "conv2d backward input", conv, 2.0 * cg.macs(), gx, () -> be.conv2dBackwardInput(cg, y, w, gx));
        row(be, "conv2d backward weight", conv, 2.0 * cg.macs(), gw, () -> be.conv2dBackwardWeight(cg, x, y, gw));
        AttentionGeometry ag = new AttentionGeometry(16 * 8, 1024, 1024, 64, 0.125);
        int n = 16 * 8 * 1024 * 64;
        View q = randn(be, n);
        View k = randn(be, n);
        View v = randn(be, n);
        View out = randn(be, n);
        View lse = randn(be, 16 * 8 * 1024);
        View go = randn(be, n);
        View gq = randn(be, n);
        View gk = randn(be, n);
        View gv = randn(be, n);
        double fwd = 4.0 * 128 * 1024 * 1024 * 64;
        String att = "16x8 heads, 1024 tokens, d 64";
        row(be, "attention forward", att, fwd, out, () -> be.attention(ag, q, k, v, null, out, lse));
        row(be, "attention fwd+bwd", att, 3.5 * fwd, gv, () -> {
            be.attention(ag, q, k, v, null, out, lse);
            be.attentionBackward(ag, q, k, v, null, out, lse, go, gq, gk, gv);
        });
    }

    private static View randn(Backend be, int n) {
        float[] f = new float[n];
        org.dadda.tensor.Rng rng = new org.dadda.tensor.Rng(n);
        for (int i = 0; i < n; i++) {
            f[i] = (float) rng.nextGaussian() * 0.1f;
        }
        return View.dense(be.fromFloats(f, 0, n), 0, n);
    }

    private static void row(Backend be, String op, String shape, double flops, View sync, Runnable call) {
        View one = View.dense(sync.storage(), 0, 1);
        for (int i = 0; i < 2; i++) {
            call.run();
        }
        be.toFloats(one);
        int reps = 0;
        long start = System.nanoTime();
        do {
            call.run();
            reps++;
            be.toFloats(one);
        } while (System.nanoTime() - start < 500_000_000L && reps < 50);
        double ms = (System.nanoTime() - start) / 1e6 / reps;
        System.out.printf("%-26s %-34s %10.3f %9.2f%n", op, shape, ms, flops / ms / 1e9);
    }
}
