package org.dadda.tensor.cpu.pool;

import org.dadda.tensor.parallel.Parallel;
import java.util.Arrays;

/**
 * float32 nearest-neighbour upsampling of dense {@code [planes, h, w]} by integer factors and its
 * gradient, split over input rows: every input row owns {@code sh} output rows, so each output
 * (or input-gradient) element is written by one thread in a fixed order.
 */
public final class UpsampleKernels {
    /** Elements per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;

    private UpsampleKernels() {
    }

    /** {@code y[pl, oy, ox] = x[pl, oy / sh, ox / sw]}. */
    public static void forward(float[] x, int xOff, int planes, int h, int w, int sh, int sw, float[] y) {
        int ow = w * sw;
        Parallel.forRange(planes * h, Math.max(1, GRAIN / Math.max(1, sh * ow)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int src = xOff + row * w;
                int dst = row * sh * ow;
                if (sw == 1) {
                    System.arraycopy(x, src, y, dst, w);
                } else {
                    for (int ix = 0; ix < w; ix++) {
                        Arrays.fill(y, dst + ix * sw, dst + (ix + 1) * sw, x[src + ix]);
                    }
                }
                // The other sh - 1 output rows repeat the first.
                for (int dy = 1; dy < sh; dy++) {
                    System.arraycopy(y, dst, y, dst + dy * ow, ow);
                }
            }
        });
    }

    /**
     * Gradient of {@link #forward}, overwriting {@code gx}: each input element sums its
     * {@code sh * sw} children row by row, left to right (the reference's order).
     */
    public static void backward(float[] gy, int planes, int h, int w, int sh, int sw, float[] gx) {
        int ow = w * sw;
        Parallel.forRange(planes * h, Math.max(1, GRAIN / Math.max(1, sh * ow)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int dst = row * w;
                int src = row * sh * ow;
                Arrays.fill(gx, dst, dst + w, 0f);
                for (int dy = 0; dy < sh; dy++) {
                    int r = src + dy * ow;
                    if (sw == 1) {
                        for (int ix = 0; ix < w; ix++) {
                            gx[dst + ix] += gy[r + ix];
                        }
                    } else {
                        for (int ix = 0; ix < w; ix++) {
                            float acc = gx[dst + ix];
                            int c = r + ix * sw;
                            for (int dx = 0; dx < sw; dx++) {
                                acc += gy[c + dx];
                            }
                            gx[dst + ix] = acc;
                        }
                    }
                }
            }
        });
    }
}
