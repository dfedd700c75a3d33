package org.dadda.tensor.cpu.norm;

import org.dadda.tensor.parallel.Parallel;

/**
 * float32 softmax and log-softmax over rows, parallel over independent rows.
 * Exponentials and logarithms use {@link StrictMath}, whose results do not depend on the JIT or CPU.
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    public static void softmax(float[] x, int xOff, int rows, int cols, boolean log, float[] y) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = xOff + r * cols;
                float mx = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    mx = Math.max(mx, x[base + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += StrictMath.exp(x[base + j] - mx);
                }
                float lse = (float) (mx + StrictMath.log(sum));
                int o = r * cols;
                for (int j = 0; j < cols; j++) {
                    float v = x[base + j] - lse;
                    y[o + j] = log ? v : (float) StrictMath.exp(v);
                }
            }
        });
    }

    public static void softmaxBackward(float[] y, float[] gy, int gyOff, int rows, int cols, boolean log, float[] gx) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = r * cols;
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += log ? gy[gyOff + base + j] : gy[gyOff + base + j] * y[base + j];
                }
                float fd = (float) dot;
                for (int j = 0; j < cols; j++) {
                    float g = gy[gyOff + base + j];
                    float yv = y[base + j];
                    gx[base + j] = log ? g - (float) StrictMath.exp(yv) * fd : yv * (g - fd);
                }
            }
        });
    }
}
