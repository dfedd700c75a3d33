package org.dadda.augment.ops;

import org.dadda.augment.image.Image;

/**
 * Mean structural similarity as scikit-image's {@code metrics.structural_similarity} computes it
 * with its defaults for float images of data range 1: a 7x7 uniform window, K1 = 0.01,
 * K2 = 0.03, sample covariance (normalised by 48), the mean taken over the window centres whose
 * window lies inside the image (scikit-image crops a 3-pixel border), and for colour images the
 * mean over channels.
 *
 * <p>Because only interior windows count, no border handling is needed. Windows are indexed by
 * their top-left pixel {@code (wy, wx)}, {@code 0 <= wy < h - 6}, {@code 0 <= wx < w - 6}.
 * {@link Stats} keeps an image's window means and second moments so that comparing one image
 * with many references costs only the cross term per pair; {@link #windowSums} and
 * {@link #regionSum} let a caller recompute only the windows an edit touched.
 */
public final class Ssim {

    /** Window side. */
    public static final int WINDOW = 7;
    /** Luminance stabiliser constant. */
    public static final double K1 = 0.01;
    /** Contrast stabiliser constant. */
    public static final double K2 = 0.03;

    /** The window arithmetic; implementations must agree bit for bit. */
    interface Kernel {
        /** 7-tap horizontal sums: {@code rows} is {@code h x (w - 6)}. */
        void boxRows(double[] v, int h, int w, double[] rows);

        /** 7-tap vertical sums of {@code rows} divided by 49: {@code out} is {@code (h - 6) x ow}. */
        void boxCols(double[] rows, int h, int ow, double[] out);

        /** Adds the SSIM of {@code len} consecutive windows to {@code out[o..]}: x statistics from {@code ix}, y from {@code iy}. */
        void accumulate(double[] out, int o, double[] mx, double[] mxx, double[] mxy, int ix, double[] my, double[] myy, int iy, int len);
    }

    private static final Kernel VECTOR = VectorSupport.load("org.dadda.augment.ops.SsimVectorKernel", Kernel.class);
    private static final Kernel KERNEL = VECTOR != null ? VECTOR : new SsimScalarKernel();

    private Ssim() {
    }

    /** Per-image window statistics, reusable across comparisons; immutable. */
    public static final class Stats {
        final int channels;
        final int height;
        final int width;
        final float[] data;
        /** Per channel, (h - 6) x (w - 6): window mean and window mean of squares. */
        final double[][] mean;
        final double[][] meanSq;

        private Stats(Image image) {
            channels = image.channels();
            height = image.height();
            width = image.width();
            if (height < WINDOW || width < WINDOW) {
                throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + ", got " + width + "x" + height);
            }
            data = image.data();
            mean = new double[channels][];
            meanSq = new double[channels][];
            int n = height * width;
            double[] plane = new double[n];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < n; i++) {
                    plane[i] = data[c * n + i];
                }
                mean[c] = new double[windowRows() * windowCols()];
                boxMean(plane, height, width, mean[c]);
                for (int i = 0; i < n; i++) {
                    plane[i] *= plane[i];
                }
                meanSq[c] = new double[windowRows() * windowCols()];
                boxMean(plane, height, width, meanSq[c]);
            }
        }

        /** Rows of window positions ({@code height - 6}). */
        public int windowRows() {
            return height - WINDOW + 1;
        }

        /** Columns of window positions ({@code width - 6}). */
        public int windowCols() {
            return width - WINDOW + 1;
        }

        /** Channel count. */
        public int channels() {
            return channels;
        }

        String shape() {
            return channels + "x" + height + "x" + width;
        }
    }

    /** Window statistics of {@code image} for repeated comparisons. */
    public static Stats stats(Image image) {
        return new Stats(image);
    }

    /** Mean SSIM of two images of the same shape. */
    public static double ssim(Image a, Image b) {
        a.requireSameShape(b, "SSIM");
        return ssim(stats(a), stats(b));
    }

    /** Mean SSIM from precomputed statistics of two images of the same shape. */
    public static double ssim(Stats a, Stats b) {
        int count = a.windowRows() * a.windowCols();
        double[] sums = scratch(SLOT_OUT, count);
        windowSums(a, b, sums, count);
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += sums[i];
        }
        return total / normaliser(a);
    }

    /** What a sum of channel-summed window SSIMs is divided by to give the mean SSIM: channels times windows. */
    public static double normaliser(Stats s) {
        return (double) s.channels * s.windowRows() * s.windowCols();
    }

    /**
     * The SSIM of every window summed over channels, row-major over window positions
     * ({@code (h - 6) x (w - 6)}). Their total divided by {@link #normaliser} is the mean SSIM.
     */
    public static double[] windowSums(Stats a, Stats b) {
        double[] out = new double[a.windowRows() * a.windowCols()];
        windowSums(a, b, out, out.length);
        return out;
    }

    /** Writes the first {@code count} (all) window sums into {@code out}. */
    private static void windowSums(Stats a, Stats b, double[] out, int count) {
        requireSameShape(a, b);
        int h = a.height;
        int w = a.width;
        int n = h * w;
        double[] prod = scratch(SLOT_IN, n);
        double[] uxy = scratch(SLOT_MEAN_XY, count);
        java.util.Arrays.fill(out, 0, count, 0);
        for (int c = 0; c < a.channels; c++) {
            int base = c * n;
            for (int i = 0; i < n; i++) {
                prod[i] = (double) a.data[base + i] * b.data[base + i];
            }
            boxMean(prod, h, w, uxy);
            KERNEL.accumulate(out, 0, a.mean[c], a.meanSq[c], uxy, 0, b.mean[c], b.meanSq[c], 0, count);
        }
    }

    /**
     * Window statistics of one image over a rectangle of window positions: rows {@code [wy0, wy1]}
     * and columns {@code [wx0, wx1]} (inclusive) of window top-left corners. Computed once, it
     * can be compared with many references by {@link #regionSum}; immutable.
     */
    public static final class Region {
        final Image image;
        final int wy0;
        final int wy1;
        final int wx0;
        final int wx1;
        final double[][] mean;
        final double[][] meanSq;

        private Region(Image x, int wy0, int wy1, int wx0, int wx1) {
            int rows = x.height() - WINDOW + 1;
            int cols = x.width() - WINDOW + 1;
            if (wy0 < 0 || wx0 < 0 || wy1 >= rows || wx1 >= cols || wy0 > wy1 || wx0 > wx1) {
                throw new IllegalArgumentException("SSIM window region rows " + wy0 + ".." + wy1 + ", columns " + wx0 + ".." + wx1
                    + " outside " + rows + "x" + cols);
            }
            this.image = x;
            this.wy0 = wy0;
            this.wy1 = wy1;
            this.wx0 = wx0;
            this.wx1 = wx1;
            int rh = wy1 - wy0 + WINDOW;
            int rw = wx1 - wx0 + WINDOW;
            int count = (wy1 - wy0 + 1) * (wx1 - wx0 + 1);
            mean = new double[x.channels()][count];
            meanSq = new double[x.channels()][count];
            double[] px = scratch(SLOT_IN, rh * rw);
            double[] pxx = scratch(SLOT_IN_SQ, rh * rw);
            for (int c = 0; c < x.channels(); c++) {
                copyRegion(c, px, pxx);
                boxMean(px, rh, rw, mean[c]);
                boxMean(pxx, rh, rw, meanSq[c]);
            }
        }

        /** First window row. */
        public int windowRow0() {
            return wy0;
        }

        /** Last window row (inclusive). */
        public int windowRow1() {
            return wy1;
        }

        /** First window column. */
        public int windowCol0() {
            return wx0;
        }

        /** Last window column (inclusive). */
        public int windowCol1() {
            return wx1;
        }

        /** Copies the region's pixels of channel {@code c} into {@code p} and their squares into {@code sq}. */
        void copyRegion(int c, double[] p, double[] sq) {
            float[] d = image.data();
            int w = image.width();
            int n = image.planeSize();
            int rh = wy1 - wy0 + WINDOW;
            int rw = wx1 - wx0 + WINDOW;
            for (int y = 0; y < rh; y++) {
                int src = c * n + (wy0 + y) * w + wx0;
                int dst = y * rw;
                for (int i = 0; i < rw; i++) {
                    double v = d[src + i];
                    p[dst + i] = v;
                    sq[dst + i] = v * v;
                }
            }
        }

        /** Writes the products of the region's pixels of channel {@code c} with {@code other}'s into {@code prod}. */
        void productRegion(int c, float[] other, double[] prod) {
            float[] d = image.data();
            int w = image.width();
            int n = image.planeSize();
            int rh = wy1 - wy0 + WINDOW;
            int rw = wx1 - wx0 + WINDOW;
            for (int y = 0; y < rh; y++) {
                int src = c * n + (wy0 + y) * w + wx0;
                int dst = y * rw;
                for (int i = 0; i < rw; i++) {
                    prod[dst + i] = (double) d[src + i] * other[src + i];
                }
            }
        }
    }

    /** Statistics of {@code x} over the window rectangle rows {@code [wy0, wy1]}, columns {@code [wx0, wx1]}. */
    public static Region region(Image x, int wy0, int wy1, int wx0, int wx1) {
        return new Region(x, wy0, wy1, wx0, wx1);
    }

    /**
     * The channel-summed SSIM of the region's image against {@code ref}, added over the region's
     * windows. Only the pixels those windows cover are read, so the cost follows the region.
     */
    public static double regionSum(Region r, Stats ref) {
        Image x = r.image;
        if (x.channels() != ref.channels || x.height() != ref.height || x.width() != ref.width) {
            throw new IllegalArgumentException("SSIM: image shapes differ, " + x.shapeString() + " vs " + ref.shape());
        }
        int rh = r.wy1 - r.wy0 + WINDOW;
        int rw = r.wx1 - r.wx0 + WINDOW;
        int oh = r.wy1 - r.wy0 + 1;
        int ow = r.wx1 - r.wx0 + 1;
        int refCols = ref.windowCols();
        double[] pxy = scratch(SLOT_IN_XY, rh * rw);
        double[] uxy = scratch(SLOT_MEAN_XY, oh * ow);
        double[] acc = scratch(SLOT_OUT, oh * ow);
        java.util.Arrays.fill(acc, 0, oh * ow, 0);
        for (int c = 0; c < ref.channels; c++) {
            r.productRegion(c, ref.data, pxy);
            boxMean(pxy, rh, rw, uxy);
            for (int i = 0; i < oh; i++) {
                KERNEL.accumulate(acc, i * ow, r.mean[c], r.meanSq[c], uxy, i * ow, ref.mean[c], ref.meanSq[c], (r.wy0 + i) * refCols + r.wx0, ow);
            }
        }
        double total = 0;
        for (int i = 0; i < oh * ow; i++) {
            total += acc[i];
        }
        return total;
    }

    private static void requireSameShape(Stats a, Stats b) {
        if (a.channels != b.channels || a.height != b.height || a.width != b.width) {
            throw new IllegalArgumentException("SSIM: image shapes differ, " + a.shape() + " vs " + b.shape());
        }
    }

    /** Whether the Vector API kernel is in use. */
    public static boolean vectorized() {
        return VECTOR != null;
    }

    /** Writes the window means of the first {@code h * w} values of {@code v} into {@code out}. */
    private static void boxMean(double[] v, int h, int w, double[] out) {
        int ow = w - WINDOW + 1;
        double[] rows = scratch(SLOT_ROWS, h * ow);
        KERNEL.boxRows(v, h, w, rows);
        KERNEL.boxCols(rows, h, ow, out);
    }

    private static final int SLOT_IN = 0;
    private static final int SLOT_IN_SQ = 1;
    private static final int SLOT_IN_XY = 2;
    private static final int SLOT_MEAN = 3;
    private static final int SLOT_MEAN_SQ = 4;
    private static final int SLOT_MEAN_XY = 5;
    private static final int SLOT_OUT = 6;
    private static final int SLOT_ROWS = 7;
    /** Per-thread work buffers: allocating and zeroing them per comparison cost more than the arithmetic. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[8][]);

    /** The calling thread's buffer {@code slot}, at least {@code size} long (contents undefined). */
    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) {
            s[slot] = new double[size];
        }
        return s[slot];
    }
}
