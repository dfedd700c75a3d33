package org.dadda.augment.ops;

/**
 * In-place complex fast Fourier transforms of power-of-two length (iterative radix-2,
 * decimation in time), in one and two dimensions. The inverse transform is scaled by 1/n so that
 * {@code inverse(forward(x)) = x}.
 */
public final class Fft {

    private Fft() {
    }

    /** The smallest power of two that is at least {@code n} (and at least 1). */
    public static int nextPowerOfTwo(int n) {
        if (n <= 1) {
            return 1;
        }
        int p = Integer.highestOneBit(n - 1) << 1;
        if (p <= 0) {
            throw new IllegalArgumentException("FFT length too large for " + n);
        }
        return p;
    }

    /**
     * Transforms {@code (re, im)} in place.
     *
     * @throws IllegalArgumentException if the lengths differ or are not a power of two
     */
    public static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (im.length != n) {
            throw new IllegalArgumentException("real and imaginary parts differ in length: " + n + " vs " + im.length);
        }
        Plan plan = new Plan(n);
        plan.run(re, im, 0, 1, inverse);
    }

    /**
     * Transforms a {@code rows x cols} row-major complex array in place: every row, then every column.
     *
     * @throws IllegalArgumentException if a dimension is not a power of two or the arrays are too short
     */
    public static void transform2d(double[] re, double[] im, int rows, int cols, boolean inverse) {
        if (re.length != rows * cols || im.length != rows * cols) {
            throw new IllegalArgumentException("arrays of length " + re.length + "/" + im.length + " for " + rows + "x" + cols);
        }
        Plan rowPlan = new Plan(cols);
        for (int r = 0; r < rows; r++) {
            rowPlan.run(re, im, r * cols, 1, inverse);
        }
        Plan colPlan = rows == cols ? rowPlan : new Plan(rows);
        double[] cr = new double[rows];
        double[] ci = new double[rows];
        for (int c = 0; c < cols; c++) {
            // Columns are gathered into a contiguous buffer: strided butterflies thrash the cache.
            for (int r = 0; r < rows; r++) {
                cr[r] = re[r * cols + c];
                ci[r] = im[r * cols + c];
            }
            colPlan.run(cr, ci, 0, 1, inverse);
            for (int r = 0; r < rows; r++) {
                re[r * cols + c] = cr[r];
                im[r * cols + c] = ci[r];
            }
        }
    }

    /** Bit-reversal permutation and twiddle factors for one length. */
    private static final class Plan {
        final int n;
        final int[] rev;
        final double[] cos;
        final double[] sin;

        Plan(int n) {
            if (n <= 0 || Integer.bitCount(n) != 1) {
                throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
            }
            this.n = n;
            rev = new int[n];
            int bits = Integer.numberOfTrailingZeros(n);
            for (int i = 0; i < n; i++) {
                rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            }
            cos = new double[n / 2];
            sin = new double[n / 2];
            for (int k = 0; k < n / 2; k++) {
                double a = -2 * Math.PI * k / n;
                cos[k] = Math.cos(a);
                sin[k] = Math.sin(a);
            }
        }

        void run(double[] re, double[] im, int off, int stride, boolean inverse) {
            for (int i = 0; i < n; i++) {
                int j = rev[i];
                if (j > i) {
                    int a = off + i * stride;
                    int b = off + j * stride;
                    double t = re[a];
                    re[a] = re[b];
                    re[b] = t;
                    t = im[a];
                    im[a] = im[b];
                    im[b] = t;
                }
            }
            double sign = inverse ? -1 : 1;
            for (int len = 2; len <= n; len <<= 1) {
                int half = len >> 1;
                int step = n / len;
                for (int start = 0; start < n; start += len) {
                    for (int k = 0; k < half; k++) {
                        double wr = cos[k * step];
                        double wi = sign * sin[k * step];
                        int a = off + (start + k) * stride;
                        int b = a + half * stride;
                        double xr = re[b] * wr - im[b] * wi;
                        double xi = re[b] * wi + im[b] * wr;
                        re[b] = re[a] - xr;
                        im[b] = im[a] - xi;
                        re[a] += xr;
                        im[a] += xi;
                    }
                }
            }
            if (inverse) {
                double s = 1.0 / n;
                for (int i = 0; i < n; i++) {
                    re[off + i * stride] *= s;
                    im[off + i * stride] *= s;
                }
            }
        }
    }
}
