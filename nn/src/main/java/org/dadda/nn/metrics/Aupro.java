package org.dadda.nn.metrics;

import java.util.Arrays;

/**
 * Area under the per-region overlap curve up to a false positive rate limit (AUPRO), computed as
 * anomalib's {@code AUPRO} metric does (anomalib {@code src/anomalib/metrics/aupro.py} at commit
 * 161bb36, 2025-04, exact mode {@code num_thresholds=None}):
 *
 * <ol>
 *   <li>The ground-truth masks are split into connected components per image, 8-connected by
 *       default (anomalib labels with OpenCV's {@code connectedComponents}, whose default
 *       connectivity is 8; its GPU path, kornia's max-pool propagation, is 8-connected too).
 *   <li>The global ROC over all pixels (thresholds at distinct scores, starting at (0, 0)) fixes
 *       the grid size {@code S}: the number of its points with FPR {@code <=} the limit.
 *   <li>For every region, the ROC over background plus that region gives per-region FPR/TPR; the
 *       points up to the limit (and, if no point lies close to the limit, the first point past it,
 *       with a linear interpolation weight) are mapped by their index onto {@code [0, S-1]} and
 *       resampled on the grid {@code 0, 1, ..., S-2, s} by anomalib's {@code interp1d}, whose slope
 *       denominator carries float32's epsilon.
 *   <li>The resampled TPR and FPR are averaged over regions; AUPRO is the trapezoidal area of the
 *       averaged curve, sorted by FPR, divided by its last FPR.
 * </ol>
 *
 * <p>FPR and TPR values and their comparisons with the limit are float32, as torchmetrics computes
 * them; the interpolation and the area are double. Unlike torchmetrics, scores outside [0, 1] are
 * not passed through a sigmoid: the sigmoid is monotone, so this only differs where float32
 * saturation of the sigmoid would merge distinct scores into ties.
 *
 * <p>All methods take the score maps and masks of {@code count} images of {@code height x width},
 * flattened one image after another. They throw {@link IllegalArgumentException} when the sizes
 * disagree, a score is not finite, the masks hold no anomalous pixel or no normal pixel, or the
 * limit is outside (0, 1].
 */
public final class Aupro {

    /** anomalib's default false positive rate limit. */
    public static final double DEFAULT_FPR_LIMIT = 0.3;

    private static final double FLOAT32_EPS = 0x1p-23;

    private Aupro() {
    }

    /**
     * AUPRO with anomalib's defaults (FPR limit 0.3, 8-connectivity).
     *
     * @param scores anomaly score maps, {@code count * height * width} values
     * @param masks ground-truth masks ({@code true} = anomalous), same layout
     * @param count number of images
     * @param height rows per image
     * @param width columns per image
     * @return the normalised AUPRO (NaN in anomalib's degenerate case, see {@link ProCurve#aupro()})
     */
    public static double compute(float[] scores, boolean[] masks, int count, int height, int width) {
        return compute(scores, masks, count, height, width, DEFAULT_FPR_LIMIT, Connectivity.EIGHT);
    }

    /**
     * AUPRO with an explicit limit and connectivity.
     *
     * @param scores anomaly score maps, {@code count * height * width} values
     * @param masks ground-truth masks ({@code true} = anomalous), same layout
     * @param count number of images
     * @param height rows per image
     * @param width columns per image
     * @param fprLimit the false positive rate limit, in (0, 1]
     * @param connectivity how mask pixels join into regions
     * @return the normalised AUPRO
     */
    public static double compute(float[] scores, boolean[] masks, int count, int height, int width,
            double fprLimit, Connectivity connectivity) {
        return curve(scores, masks, count, height, width, fprLimit, connectivity).aupro();
    }

    /**
     * The averaged PRO curve (for plotting, or {@link ProCurve#aupro()}).
     *
     * @param scores anomaly score maps, {@code count * height * width} values
     * @param masks ground-truth masks ({@code true} = anomalous), same layout
     * @param count number of images
     * @param height rows per image
     * @param width columns per image
     * @param fprLimit the false positive rate limit, in (0, 1]
     * @param connectivity how mask pixels join into regions
     * @return the curve
     */
    public static ProCurve curve(float[] scores, boolean[] masks, int count, int height, int width,
            double fprLimit, Connectivity connectivity) {
        if (!(fprLimit > 0 && fprLimit <= 1)) {
            throw new IllegalArgumentException("fprLimit must be in (0, 1], got " + fprLimit);
        }
        if (connectivity == null) {
            throw new IllegalArgumentException("connectivity is null");
        }
        if (count < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("count, height and width must be positive, got " + count + ", "
                    + height + ", " + width);
        }
        long expected = (long) count * height * width;
        ScoreKeys.requireSameLength(scores, masks == null ? -1 : masks.length, "scores", "masks");
        if (scores.length != expected) {
            throw new IllegalArgumentException("scores hold " + scores.length + " values but " + count + " maps of "
                    + height + "x" + width + " need " + expected);
        }
        ScoreKeys.requireFinite(scores, "scores");
        int n = scores.length;
        int[] component = new int[n];
        int regions = ConnectedComponents.labelBatch(masks, count, height, width, connectivity, component);
        if (regions == 0) {
            throw new IllegalArgumentException("masks contain no anomalous pixel; AUPRO needs at least one region");
        }
        long[] packed = new long[n];
        int[] regionSize = new int[regions + 1];
        for (int i = 0; i < n; i++) {
            packed[i] = ScoreKeys.pack(ScoreKeys.sortKey(scores[i]), component[i]);
            regionSize[component[i]]++;
        }
        int background = regionSize[0];
        if (background == 0) {
            throw new IllegalArgumentException("masks contain no normal pixel; AUPRO needs a background");
        }
        Arrays.sort(packed);
        float limit = (float) fprLimit;

        // Bucket the descending score keys by region; count the global ROC points within the limit.
        int[] regionStart = new int[regions + 2];
        for (int r = 1; r <= regions; r++) {
            regionStart[r + 1] = regionStart[r] + regionSize[r];
        }
        int[] fill = Arrays.copyOf(regionStart, regions + 2);
        int[] backgroundKeys = new int[background];
        int[] regionKeys = new int[n - background];
        int gridSize = 1;
        int fp = 0;
        int b = 0;
        for (int i = n - 1; i >= 0; i--) {
            int key = ScoreKeys.key(packed[i]);
            int r = ScoreKeys.payload(packed[i]);
            if (r == 0) {
                backgroundKeys[b++] = key;
                fp++;
            } else {
                regionKeys[fill[r]++] = key;
            }
            if ((i == 0 || ScoreKeys.key(packed[i - 1]) != key) && (float) fp / (float) background <= limit) {
                gridSize++;
            }
        }
        packed = null;

        int largestRegion = 0;
        for (int r = 1; r <= regions; r++) {
            largestRegion = Math.max(largestRegion, regionSize[r]);
        }
        RegionResampler resampler = new RegionResampler(background + largestRegion + 2, gridSize, limit);
        for (int r = 1; r <= regions; r++) {
            resampler.add(backgroundKeys, regionKeys, regionStart[r], regionStart[r + 1]);
        }
        return resampler.average(regions, fprLimit);
    }

    /** Builds each region's ROC prefix and accumulates its resampled curve on the common grid. */
    private static final class RegionResampler {
        private final float[] fpr;
        private final float[] tpr;
        private final double[] x;
        private final double[] yTpr;
        private final double[] yFpr;
        private final double[] slopeTpr;
        private final double[] slopeFpr;
        private final double[] sumTpr;
        private final double[] sumFpr;
        private final int gridSize;
        private final float limit;

        RegionResampler(int capacity, int gridSize, float limit) {
            this.fpr = new float[capacity];
            this.tpr = new float[capacity];
            this.x = new double[capacity];
            this.yTpr = new double[capacity];
            this.yFpr = new double[capacity];
            this.slopeTpr = new double[capacity];
            this.slopeFpr = new double[capacity];
            this.sumTpr = new double[gridSize];
            this.sumFpr = new double[gridSize];
            this.gridSize = gridSize;
            this.limit = limit;
        }

        void add(int[] backgroundKeys, int[] regionKeys, int from, int to) {
            int m = rocPrefix(backgroundKeys, regionKeys, from, to);
            // Points with FPR <= limit form a prefix (FPR never decreases); fpr[0] = 0 is always in it.
            int within = 1;
            while (within < m && fpr[within] <= limit) {
                within++;
            }
            float cut = limit;
            if (fpr[within - 1] == 0f) {
                // anomalib: when no point with 0 < FPR <= limit exists, cut at the first FPR past the limit.
                if (within == m) {
                    throw new IllegalStateException("region ROC ends before the FPR limit");
                }
                cut = fpr[within];
            }
            int selected = within;
            while (selected < m && fpr[selected] <= cut) {
                selected++;
            }
            boolean interpolate = !(Math.abs(fpr[selected - 1] - limit) <= 1e-8f + 1e-5f * Math.abs(limit));
            int length = selected;
            int maxIndex = selected - 1;
            double weight = 0;
            int extra = -1;
            if (interpolate) {
                // torch.searchsorted(fpr, limit): the rates are sorted, so the first one at or past the limit.
                extra = 0;
                while (extra < m && fpr[extra] < limit) {
                    extra++;
                }
                if (extra >= m) {
                    throw new IllegalStateException("region ROC has no point at or past the FPR limit");
                }
                weight = 1 - ((double) fpr[extra] - limit) / ((double) fpr[extra] - fpr[extra - 1]);
                maxIndex = Math.max(maxIndex, extra);
                length++;
            }
            double scale = gridSize - 1;
            for (int k = 0; k < length; k++) {
                int index = k < selected ? k : extra;
                x[k] = (double) index / maxIndex * scale;
                yTpr[k] = tpr[index];
                yFpr[k] = fpr[index];
            }
            double last = scale;
            if (interpolate) {
                last = x[length - 2] + (x[length - 1] - x[length - 2]) * weight;
            }
            resample(length, last);
        }

        /**
         * Merges the descending background keys with one region's descending keys into the ROC of
         * background plus region, (0, 0) first, stopping once the FPR has passed the limit and moved
         * beyond the first value past it: later points are never read.
         */
        private int rocPrefix(int[] backgroundKeys, int[] regionKeys, int from, int to) {
            int nb = backgroundKeys.length;
            float nbF = nb;
            float nrF = to - from;
            fpr[0] = 0f;
            tpr[0] = 0f;
            int m = 1;
            int i = 0;
            int j = from;
            int fp = 0;
            int tp = 0;
            float firstPast = Float.NaN;
            while (i < nb || j < to) {
                int key;
                if (i == nb) {
                    key = regionKeys[j];
                } else if (j == to) {
                    key = backgroundKeys[i];
                } else {
                    key = Math.max(backgroundKeys[i], regionKeys[j]);
                }
                while (i < nb && backgroundKeys[i] == key) {
                    i++;
                    fp++;
                }
                while (j < to && regionKeys[j] == key) {
                    j++;
                    tp++;
                }
                float f = fp / nbF;
                if (f > limit) {
                    if (Float.isNaN(firstPast)) {
                        firstPast = f;
                    } else if (f != firstPast) {
                        break;
                    }
                }
                fpr[m] = f;
                tpr[m] = tp / nrF;
                m++;
            }
            return m;
        }

        /** anomalib's {@code interp1d} of the selected points at 0..S-2 and {@code last}, accumulated. */
        private void resample(int length, double last) {
            for (int k = 0; k < length - 1; k++) {
                double dx = FLOAT32_EPS + (x[k + 1] - x[k]);
                slopeTpr[k] = (yTpr[k + 1] - yTpr[k]) / dx;
                slopeFpr[k] = (yFpr[k + 1] - yFpr[k]) / dx;
            }
            boolean sorted = true;
            for (int k = 1; k < length && sorted; k++) {
                sorted = x[k] >= x[k - 1];
            }
            int pointer = 0;
            for (int g = 0; g < gridSize - 1; g++) {
                int position;
                if (sorted) {
                    // The grid increases, so the lower bound only moves forward.
                    while (pointer < length && x[pointer] < g) {
                        pointer++;
                    }
                    position = pointer;
                } else {
                    position = lowerBound(x, length, g);
                }
                accumulate(g, position, g, length);
            }
            accumulate(gridSize - 1, lowerBound(x, length, last), last, length);
        }

        private void accumulate(int slot, int lowerBound, double at, int length) {
            int k = Math.min(Math.max(lowerBound - 1, 0), length - 2);
            sumTpr[slot] += yTpr[k] + slopeTpr[k] * (at - x[k]);
            sumFpr[slot] += yFpr[k] + slopeFpr[k] * (at - x[k]);
        }

        ProCurve average(int regions, double fprLimit) {
            double[] fprAverage = new double[gridSize];
            double[] proAverage = new double[gridSize];
            for (int g = 0; g < gridSize; g++) {
                fprAverage[g] = sumFpr[g] / regions;
                proAverage[g] = sumTpr[g] / regions;
            }
            return new ProCurve(fprAverage, proAverage, fprLimit);
        }
    }

    /** First index in {@code [0, length)} whose value is not below {@code value}: torch.searchsorted's binary search. */
    private static int lowerBound(double[] values, int length, double value) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
