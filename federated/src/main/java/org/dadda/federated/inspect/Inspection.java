package org.dadda.federated.inspect;

import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Resize;

/**
 * What an {@link Inspector} says about one image.
 *
 * @param score the image-level anomaly score: the maximum of the anomaly map, in [0, 1]
 * @param threshold the threshold the score was compared with
 * @param defective whether {@code score >= threshold}
 * @param defectType the classifier's most probable defect type (meaningful when defective: the
 *     classifier was trained on defective images only, so it always names one)
 * @param probabilities every defect type's probability, in class order
 * @param map the anomaly map at the models' resolution, row-major, values in [0, 1]
 * @param mapSize the side of the square map
 * @param width the inspected image's width
 * @param height the inspected image's height
 */
public record Inspection(double score, double threshold, boolean defective, String defectType, Map<String, Double> probabilities,
                         float[] map, int mapSize, int width, int height) {

    /** The verdict as a word: {@code defective} or {@code ok}. */
    public String verdict() {
        return defective ? "defective" : "ok";
    }

    /** The anomaly map resized to the inspected image's size, row-major. */
    public float[] mapAtImageSize() {
        return Resize.image(new Image(1, mapSize, mapSize, map), width, height).data();
    }

    /**
     * {@code original} (the inspected image) with the anomaly map laid over it in red, opaque
     * where the map is 1 and clear where it is 0; pixels at or above the threshold get a yellow
     * outline so that the region the verdict rests on is visible.
     *
     * @throws IllegalArgumentException when {@code original} is not the inspected image's size
     */
    public Image overlay(Image original) {
        if (original.width() != width || original.height() != height) {
            throw new IllegalArgumentException("overlay needs the inspected " + width + "x" + height + " image, got "
                    + original.width() + "x" + original.height());
        }
        Image rgb = original.toRgb();
        float[] m = mapAtImageSize();
        int plane = width * height;
        float[] out = rgb.data().clone();
        for (int i = 0; i < plane; i++) {
            float a = Math.max(0f, Math.min(1f, m[i])) * 0.6f;
            out[i] = out[i] * (1 - a) + a;
            out[plane + i] = out[plane + i] * (1 - a);
            out[2 * plane + i] = out[2 * plane + i] * (1 - a);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (m[i] >= threshold && edge(m, x, y)) {
                    out[i] = 1f;
                    out[plane + i] = 1f;
                    out[2 * plane + i] = 0f;
                }
            }
        }
        return new Image(3, height, width, out);
    }

    /** Whether a pixel at or above the threshold has a 4-neighbour below it (or lies on the border). */
    private boolean edge(float[] m, int x, int y) {
        if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
            return true;
        }
        int i = y * width + x;
        return m[i - 1] < threshold || m[i + 1] < threshold || m[i - width] < threshold || m[i + width] < threshold;
    }
}
