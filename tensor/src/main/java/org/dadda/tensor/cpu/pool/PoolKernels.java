package org.dadda.tensor.cpu.pool;

import org.dadda.tensor.parallel.Parallel;
import java.util.Arrays;

/**
 * float32 pooling kernels over dense {@code [planes, h, w]} inputs: max and average pooling
 * (square or rectangular windows, one stride and padding for both axes) and adaptive average
 * pooling, forward and backward, with the semantics of {@link org.dadda.tensor.ref.ReferenceBackend}.
 *
 * <p>Forward kernels split output rows over {@link Parallel}; backward kernels scatter into
 * overlapping windows, so they split whole planes. Either way each output element is written by
 * one thread in a fixed order, so results do not depend on the thread count.
 */
public final class PoolKernels {
    /** Window taps per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;

    private PoolKernels() {
    }

    /** Output extent of a pooling window sweep, as {@code ReferenceBackend} (floor mode). */
    static int poolOut(int in, int k, int stride, int pad) {
        return (in + 2 * pad - k) / stride + 1;
    }

    /** Minimum items per task when each item costs {@code work} taps. */
    private static int grain(long work) {
        return (int) Math.max(1, GRAIN / Math.max(1, work));
    }

    /**
     * Max or average pooling. Padding never wins a maximum and counts as zeros in an average
     * (the divisor is always {@code kh * kw}); NaN propagates through a maximum.
     */
    public static void pool2d(boolean max, float[] x, int xOff, int planes, int h, int w, int kh, int kw, int stride,
                       int pad, float[] y) {
        int oh = poolOut(h, kh, stride, pad);
        int ow = poolOut(w, kw, stride, pad);
        float div = kh * kw;
        Parallel.forRange(planes * oh, grain((long) ow * kh * kw), (s, e) -> {
            // Each output row first folds its window rows column by column into one row, then slides
            // the window along it: the folds of neighbouring columns are independent, where folding
            // one window at a time chained every tap on the previous one's result.
            float[] fold = new float[w];
            for (int row = s; row < e; row++) {
                int pl = row / oh;
                int oy = row % oh;
                int base = xOff + pl * h * w;
                int y0 = Math.max(0, oy * stride - pad);
                int y1 = Math.min(h, oy * stride - pad + kh);
                int out = row * ow;
                Arrays.fill(fold, max ? Float.NEGATIVE_INFINITY : 0f);
                for (int iy = y0; iy < y1; iy++) {
                    int r = base + iy * w;
                    if (max) {
                        for (int ix = 0; ix < w; ix++) {
                            // Math.max keeps a NaN, as a maximum must.
                            fold[ix] = Math.max(fold[ix], x[r + ix]);
                        }
                    } else {
                        for (int ix = 0; ix < w; ix++) {
                            fold[ix] += x[r + ix];
                        }
                    }
                }
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(0, ox * stride - pad);
                    int x1 = Math.min(w, ox * stride - pad + kw);
                    float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                    for (int ix = x0; ix < x1; ix++) {
                        acc = max ? Math.max(acc, fold[ix]) : acc + fold[ix];
                    }
                    y[out + ox] = max ? acc : acc / div;
                }
            }
        });
    }

    /**
     * Gradient of {@link #pool2d}, overwriting {@code gx}. Max pooling recomputes each window's
     * argmax from {@code x} and routes the whole gradient to the first maximum in row-major
     * window order; overlapping windows add up in output order.
     */
    public static void pool2dBackward(boolean max, float[] x, int xOff, int planes, int h, int w, int kh, int kw, int stride,
                               int pad, float[] gy, float[] gx) {
        int oh = poolOut(h, kh, stride, pad);
        int ow = poolOut(w, kw, stride, pad);
        int hw = h * w;
        Parallel.forRange(planes, grain((long) oh * ow * kh * kw), (s, e) -> {
            Arrays.fill(gx, s * hw, e * hw, 0f);
            for (int pl = s; pl < e; pl++) {
                int base = xOff + pl * hw;
                int gBase = pl * hw;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * stride - pad);
                    int y1 = Math.min(h, oy * stride - pad + kh);
                    int gyRow = (pl * oh + oy) * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * stride - pad);
                        int x1 = Math.min(w, ox * stride - pad + kw);
                        if (y0 >= y1 || x0 >= x1) {
                            continue;
                        }
                        float g = gy[gyRow + ox];
                        if (max) {
                            gx[gBase + firstMax(x, base, w, y0, y1, x0, x1)] += g;
                        } else {
                            scatter(gx, gBase, w, y0, y1, x0, x1, g / (kh * kw));
                        }
                    }
                }
            }
        });
    }

    /**
     * Plane index {@code iy * w + ix} of the first strict maximum of a non-empty window; the
     * first tap wins ties and a NaN first tap, as {@code ReferenceBackend}'s backward.
     */
    private static int firstMax(float[] x, int base, int w, int y0, int y1, int x0, int x1) {
        int best = y0 * w + x0;
        float bv = x[base + best];
        for (int iy = y0; iy < y1; iy++) {
            int r = iy * w;
            for (int ix = x0; ix < x1; ix++) {
                float v = x[base + r + ix];
                if (v > bv) {
                    bv = v;
                    best = r + ix;
                }
            }
        }
        return best;
    }

    /** Adds {@code g} to every element of the window {@code [y0, y1) x [x0, x1)} of a plane. */
    private static void scatter(float[] gx, int gBase, int w, int y0, int y1, int x0, int x1, float g) {
        for (int iy = y0; iy < y1; iy++) {
            int r = gBase + iy * w;
            for (int ix = x0; ix < x1; ix++) {
                gx[r + ix] += g;
            }
        }
    }

    /** First input index of adaptive bin {@code o} of {@code out} bins over {@code in} (PyTorch's floor). */
    private static int binStart(int o, int in, int out) {
        return (int) ((long) o * in / out);
    }

    /** End (exclusive) of adaptive bin {@code o} (PyTorch's ceil). */
    private static int binEnd(int o, int in, int out) {
        return (int) (((long) (o + 1) * in + out - 1) / out);
    }

    /** Adaptive average pooling of {@code [planes, h, w]} to {@code [planes, oh, ow]}. */
    public static void adaptiveAvgPool2d(float[] x, int xOff, int planes, int h, int w, int oh, int ow, float[] y) {
        // A bin spans at most ceil(h / oh) + 1 rows; the estimate only sizes tasks.
        long binTaps = (long) (h / oh + 2) * (w / ow + 2);
        Parallel.forRange(planes * oh, grain(ow * binTaps), (s, e) -> {
            for (int row = s; row < e; row++) {
                int pl = row / oh;
                int oy = row % oh;
                int y0 = binStart(oy, h, oh);
                int y1 = binEnd(oy, h, oh);
                int base = xOff + pl * h * w;
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = binStart(ox, w, ow);
                    int x1 = binEnd(ox, w, ow);
                    float acc = 0;
                    for (int iy = y0; iy < y1; iy++) {
                        int r = base + iy * w;
                        for (int ix = x0; ix < x1; ix++) {
                            acc += x[r + ix];
                        }
                    }
                    y[row * ow + ox] = acc / ((y1 - y0) * (x1 - x0));
                }
            }
        });
    }

    /** Gradient of {@link #adaptiveAvgPool2d}, overwriting {@code gx}; neighbouring bins may share inputs. */
    public static void adaptiveAvgPool2dBackward(float[] gy, int planes, int h, int w, int oh, int ow, float[] gx) {
        int hw = h * w;
        long binTaps = (long) (h / oh + 2) * (w / ow + 2);
        Parallel.forRange(planes, grain(oh * ow * binTaps), (s, e) -> {
            Arrays.fill(gx, s * hw, e * hw, 0f);
            for (int pl = s; pl < e; pl++) {
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = binStart(oy, h, oh);
                    int y1 = binEnd(oy, h, oh);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = binStart(ox, w, ow);
                        int x1 = binEnd(ox, w, ow);
                        float g = gy[(pl * oh + oy) * ow + ox] / ((y1 - y0) * (x1 - x0));
                        scatter(gx, pl * hw, w, y0, y1, x0, x1, g);
                    }
                }
            }
        });
    }
}
