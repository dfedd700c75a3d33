package org.dadda.augment.ops;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.util.SeededRandom;

/**
 * Quick shift superpixels (Vedaldi and Soatto, 2008) computed as scikit-image's
 * {@code segmentation.quickshift} computes them.
 *
 * <p>Steps: the RGB image is converted to L*a*b* ({@link ColorLab}), smoothed with a Gaussian of
 * {@code sigma} (reflect borders; zero means none), and scaled by {@code ratio}. Each pixel gets
 * a Parzen density: its Gaussian-weighted ({@code kernelSize}) similarity to the pixels of a
 * window of half-width {@code ceil(3 * kernelSize)} in joint colour-position space, plus a tiny
 * seeded Gaussian (standard deviation 1e-5) that breaks ties. Each pixel then links to the
 * nearest pixel of its window with a higher density, unless that one is farther than
 * {@code maxDist}; the roots of the resulting forest are the segments, numbered in the order of
 * their root pixel (as {@code numpy.unique} numbers them).
 *
 * <p>The two window passes run on the Vector API when the {@code jdk.incubator.vector} module is
 * present and on plain Java otherwise; both produce the same bits.
 */
public final class QuickShift {

    /** Standard deviation of the tie-breaking noise, as in scikit-image. */
    public static final double TIE_BREAK_SCALE = 1e-5;

    /**
     * Quick shift parameters.
     *
     * @param ratio weight of colour against position, in (0, 1]
     * @param kernelSize width of the density kernel, at least 1
     * @param maxDist links longer than this are cut
     * @param sigma Gaussian pre-smoothing of the Lab image; 0 for none
     * @param convertToLab whether to work in L*a*b* (true) or on the raw channels
     * @param seed seed of the tie-breaking noise
     */
    public record Params(double ratio, double kernelSize, double maxDist, double sigma, boolean convertToLab, long seed) {

        /** Validates the parameters. */
        public Params {
            if (!(ratio > 0)) {
                throw new IllegalArgumentException("quick shift ratio must be positive, got " + ratio);
            }
            if (!(kernelSize >= 1)) {
                throw new IllegalArgumentException("quick shift kernelSize must be >= 1, got " + kernelSize);
            }
            if (!(maxDist > 0)) {
                throw new IllegalArgumentException("quick shift maxDist must be positive, got " + maxDist);
            }
            if (!(sigma >= 0)) {
                throw new IllegalArgumentException("quick shift sigma must be >= 0, got " + sigma);
            }
        }

        /** The DAM's setting: ratio 0.5, kernel size 3, max distance 6, no smoothing, Lab, seed 42. */
        public static Params dam() {
            return new Params(0.5, 3, 6, 0, true, 42);
        }
    }

    /** The two window passes; implementations must agree bit for bit. */
    interface Kernel {
        /** Adds each pixel's window density to {@code dens} (which holds the tie-break noise). */
        void densities(double[] f, int channels, int height, int width, int kw, double inv, double[] dens);

        /** Finds for every pixel the nearest denser pixel in its window, and the squared distance to it. */
        void parents(double[] f, int channels, int height, int width, int kw, double[] dens, int[] parent, double[] dist2);
    }

    private static final Kernel VECTOR = loadVectorKernel();
    private static final Kernel SCALAR = new QuickShiftScalarKernel();

    private final Params params;
    private final Kernel kernel;

    /** A quick shift with the given parameters, on the fastest kernel available. */
    public QuickShift(Params params) {
        this(params, VECTOR != null ? VECTOR : SCALAR);
    }

    QuickShift(Params params, Kernel kernel) {
        this.params = params;
        this.kernel = kernel;
    }

    /** Whether the Vector API kernel is in use. */
    public static boolean vectorized() {
        return VECTOR != null;
    }

    /** A quick shift forced onto the plain-Java kernel (for tests and comparisons). */
    static QuickShift scalar(Params params) {
        return new QuickShift(params, SCALAR);
    }

    /** The parameters. */
    public Params params() {
        return params;
    }

    /** Segments an RGB (or gray, treated as RGB) image, breaking ties with noise seeded by {@code params.seed()}. */
    public LabelMap segment(Image image) {
        int n = image.planeSize();
        double[] noise = new double[n];
        SeededRandom rnd = new SeededRandom(params.seed());
        for (int i = 0; i < n; i++) {
            noise[i] = TIE_BREAK_SCALE * rnd.nextGaussian();
        }
        return segment(image, noise);
    }

    /**
     * Segments with the given tie-breaking noise (one value per pixel, row-major), for example the
     * exact noise another implementation used, so that results can be compared pixel for pixel.
     *
     * @throws IllegalArgumentException if the noise length is not the pixel count
     */
    public LabelMap segment(Image image, double[] tieBreakNoise) {
        int h = image.height();
        int w = image.width();
        int n = h * w;
        if (tieBreakNoise.length != n) {
            throw new IllegalArgumentException("tie-break noise has " + tieBreakNoise.length + " values, image has " + n + " pixels");
        }
        double[] f = features(image);
        int channels = f.length / n;
        double inv = -0.5 / (params.kernelSize() * params.kernelSize());
        int kw = (int) Math.ceil(3 * params.kernelSize());
        double[] dens = tieBreakNoise.clone();
        kernel.densities(f, channels, h, w, kw, inv, dens);
        int[] parent = new int[n];
        double[] dist2 = new double[n];
        kernel.parents(f, channels, h, w, kw, dens, parent, dist2);
        for (int i = 0; i < n; i++) {
            if (Math.sqrt(dist2[i]) > params.maxDist()) {
                parent[i] = i;
            }
        }
        return label(parent, h, w);
    }

    private double[] features(Image image) {
        double[] f;
        int channels;
        if (params.convertToLab()) {
            f = ColorLab.toLab(image);
            channels = 3;
        } else {
            float[] d = image.data();
            f = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = d[i];
            }
            channels = image.channels();
        }
        GaussianBlur.blurPlanes(f, channels, image.height(), image.width(), params.sigma(), GaussianBlur.DEFAULT_TRUNCATE);
        double ratio = params.ratio();
        for (int i = 0; i < f.length; i++) {
            f[i] *= ratio;
        }
        return f;
    }

    /** Follows parent links to the roots and numbers the roots by increasing pixel index. */
    private static LabelMap label(int[] parent, int h, int w) {
        int n = parent.length;
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            int r = i;
            while (parent[r] != r) {
                r = parent[r];
            }
            // Path compression keeps the total work linear in the pixel count.
            int j = i;
            while (parent[j] != r) {
                int next = parent[j];
                parent[j] = r;
                j = next;
            }
            root[i] = r;
        }
        int[] labelOfRoot = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (parent[i] == i) {
                labelOfRoot[i] = count++;
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = labelOfRoot[root[i]];
        }
        return new LabelMap(h, w, labels, count);
    }

    private static Kernel loadVectorKernel() {
        return VectorSupport.load("org.dadda.augment.ops.QuickShiftVectorKernel", Kernel.class);
    }
}
