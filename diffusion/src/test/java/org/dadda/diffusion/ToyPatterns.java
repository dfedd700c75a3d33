package org.dadda.diffusion;

import org.dadda.tensor.Tensor;

/**
 * A toy image distribution for learning tests: a few fixed 8x8 one-channel patterns in
 * {-1, 1} (horizontal stripes, vertical stripes, a checkerboard, a centred square).
 */
public final class ToyPatterns {
    /** Number of patterns. */
    public static final int COUNT = 4;
    /** Side of a pattern. */
    public static final int SIZE = 8;

    private ToyPatterns() {
    }

    /** Pattern {@code k} as 64 values in {-1, 1}. */
    public static float[] pattern(int k) {
        float[] v = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean on = switch (k) {
                    case 0 -> (y / 2) % 2 == 0;
                    case 1 -> (x / 2) % 2 == 0;
                    case 2 -> ((x / 2) + (y / 2)) % 2 == 0;
                    case 3 -> x >= 2 && x < 6 && y >= 2 && y < 6;
                    default -> throw new IllegalArgumentException("pattern " + k);
                };
                v[y * SIZE + x] = on ? 1 : -1;
            }
        }
        return v;
    }

    /** {@code copies} of each of the first {@code count} patterns, as {@code [count*copies, 1, 8, 8]}, pattern-major. */
    public static Tensor dataset(int count, int copies) {
        float[] all = new float[count * copies * SIZE * SIZE];
        for (int k = 0; k < count; k++) {
            float[] p = pattern(k);
            for (int c = 0; c < copies; c++) {
                System.arraycopy(p, 0, all, (k * copies + c) * p.length, p.length);
            }
        }
        return Tensor.fromArray(all, count * copies, 1, SIZE, SIZE);
    }

    /** The labels of {@link #dataset}: pattern index per sample. */
    public static int[] labels(int count, int copies) {
        int[] l = new int[count * copies];
        for (int i = 0; i < l.length; i++) {
            l[i] = i / copies;
        }
        return l;
    }

    /** For each sample of {@code x [N, 1, 8, 8]}: {nearest pattern among the first {@code count}, its mean squared distance}. */
    public static double[][] nearest(Tensor x, int count) {
        float[] v = x.toArray();
        int n = x.size(0);
        int d = SIZE * SIZE;
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][1] = Double.MAX_VALUE;
            for (int k = 0; k < count; k++) {
                float[] p = pattern(k);
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double e = v[i * d + j] - p[j];
                    s += e * e;
                }
                if (s / d < out[i][1]) {
                    out[i][0] = k;
                    out[i][1] = s / d;
                }
            }
        }
        return out;
    }
}
