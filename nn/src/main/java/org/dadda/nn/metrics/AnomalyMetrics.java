package org.dadda.nn.metrics;

/**
 * Image-level and pixel-level anomaly metrics in one call, and the conversions between per-image
 * arrays ({@code [N][H*W]}) and flattened arrays they need.
 *
 * <p>All methods throw {@link IllegalArgumentException} on inconsistent sizes, non-finite scores,
 * labels other than 0/1, or inputs of one class only.
 */
public final class AnomalyMetrics {

    private AnomalyMetrics() {
    }

    /**
     * AUROC, AP and F1-max over image scores.
     *
     * @param scores one anomaly score per image
     * @param labels one label per image, 1 = anomalous
     * @return the metrics
     */
    public static ImageLevelMetrics imageLevel(float[] scores, int[] labels) {
        return imageLevel(BinaryRanking.of(scores, labels));
    }

    /**
     * AUROC, AP and F1-max over image scores.
     *
     * @param scores one anomaly score per image
     * @param labels one label per image, {@code true} = anomalous
     * @return the metrics
     */
    public static ImageLevelMetrics imageLevel(float[] scores, boolean[] labels) {
        return imageLevel(BinaryRanking.of(scores, labels));
    }

    private static ImageLevelMetrics imageLevel(BinaryRanking ranking) {
        return new ImageLevelMetrics(ranking.auroc(), ranking.averagePrecision(), ranking.f1Max());
    }

    /**
     * Pixel AUROC, AP, F1-max and AUPRO (limit 0.3, 8-connectivity) over flattened maps.
     *
     * @param scores anomaly maps, {@code count * height * width} values, one image after another
     * @param masks ground-truth masks in the same layout, {@code true} = anomalous
     * @param count number of images
     * @param height rows per image
     * @param width columns per image
     * @return the metrics
     */
    public static PixelLevelMetrics pixelLevel(float[] scores, boolean[] masks, int count, int height, int width) {
        double aupro = Aupro.compute(scores, masks, count, height, width);
        BinaryRanking ranking = BinaryRanking.of(scores, masks);
        return new PixelLevelMetrics(ranking.auroc(), ranking.averagePrecision(), ranking.f1Max(), aupro);
    }

    /**
     * Pixel metrics over per-image maps.
     *
     * @param scoreMaps one row-major {@code height * width} map per image
     * @param masks one mask per image, same sizes
     * @param height rows per image
     * @param width columns per image
     * @return the metrics
     */
    public static PixelLevelMetrics pixelLevel(float[][] scoreMaps, boolean[][] masks, int height, int width) {
        int pixels = Math.multiplyExact(height, width);
        requireCount(scoreMaps.length, masks.length);
        return pixelLevel(flatten(scoreMaps, pixels), flattenMasks(masks, pixels), scoreMaps.length, height, width);
    }

    /**
     * Pixel metrics over per-image maps with 0/1 masks.
     *
     * @param scoreMaps one row-major {@code height * width} map per image
     * @param masks one 0/1 mask per image, same sizes
     * @param height rows per image
     * @param width columns per image
     * @return the metrics
     */
    public static PixelLevelMetrics pixelLevel(float[][] scoreMaps, int[][] masks, int height, int width) {
        int pixels = Math.multiplyExact(height, width);
        requireCount(scoreMaps.length, masks.length);
        return pixelLevel(flatten(scoreMaps, pixels), flattenMasks(masks, pixels), scoreMaps.length, height, width);
    }

    /**
     * Concatenates per-image maps.
     *
     * @param maps the maps, each of {@code pixels} values
     * @param pixels values per map
     * @return the flattened maps
     */
    public static float[] flatten(float[][] maps, int pixels) {
        float[] out = new float[Math.multiplyExact(maps.length, pixels)];
        for (int i = 0; i < maps.length; i++) {
            requireLength("score map", i, maps[i] == null ? -1 : maps[i].length, pixels);
            System.arraycopy(maps[i], 0, out, i * pixels, pixels);
        }
        return out;
    }

    /**
     * Concatenates per-image masks.
     *
     * @param masks the masks, each of {@code pixels} values
     * @param pixels values per mask
     * @return the flattened masks
     */
    public static boolean[] flattenMasks(boolean[][] masks, int pixels) {
        boolean[] out = new boolean[Math.multiplyExact(masks.length, pixels)];
        for (int i = 0; i < masks.length; i++) {
            requireLength("mask", i, masks[i] == null ? -1 : masks[i].length, pixels);
            System.arraycopy(masks[i], 0, out, i * pixels, pixels);
        }
        return out;
    }

    /**
     * Concatenates per-image 0/1 masks into booleans.
     *
     * @param masks the masks, each of {@code pixels} values 0 or 1
     * @param pixels values per mask
     * @return the flattened masks
     */
    public static boolean[] flattenMasks(int[][] masks, int pixels) {
        boolean[] out = new boolean[Math.multiplyExact(masks.length, pixels)];
        for (int i = 0; i < masks.length; i++) {
            requireLength("mask", i, masks[i] == null ? -1 : masks[i].length, pixels);
            boolean[] row = ScoreKeys.binaryLabels(masks[i], "masks[" + i + "]");
            System.arraycopy(row, 0, out, i * pixels, pixels);
        }
        return out;
    }

    /**
     * The maximum of each map, the usual image score derived from an anomaly map.
     *
     * @param maps the maps, each non-empty
     * @return one maximum per map
     */
    public static float[] maxPerMap(float[][] maps) {
        float[] out = new float[maps.length];
        for (int i = 0; i < maps.length; i++) {
            if (maps[i] == null || maps[i].length == 0) {
                throw new IllegalArgumentException("score map " + i + " is empty");
            }
            float max = Float.NEGATIVE_INFINITY;
            for (float v : maps[i]) {
                if (Float.isNaN(v)) {
                    throw new IllegalArgumentException("score map " + i + " contains NaN");
                }
                max = Math.max(max, v);
            }
            out[i] = max;
        }
        return out;
    }

    /**
     * Image labels from masks: an image is anomalous when any pixel of its mask is.
     *
     * @param masks one mask per image
     * @return one label per image
     */
    public static boolean[] imageLabels(boolean[][] masks) {
        boolean[] out = new boolean[masks.length];
        for (int i = 0; i < masks.length; i++) {
            for (boolean v : masks[i]) {
                if (v) {
                    out[i] = true;
                    break;
                }
            }
        }
        return out;
    }

    private static void requireCount(int maps, int masks) {
        if (maps != masks) {
            throw new IllegalArgumentException("length mismatch: " + maps + " score maps but " + masks + " masks");
        }
        if (maps == 0) {
            throw new IllegalArgumentException("no score maps");
        }
    }

    private static void requireLength(String what, int index, int length, int pixels) {
        if (length != pixels) {
            throw new IllegalArgumentException(what + " " + index + " has " + length + " values, expected " + pixels);
        }
    }
}
