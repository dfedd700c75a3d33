package org.dadda.augment.dam;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.augment.ops.HistogramMatcher;

/**
 * Histogram matching of the patches and patch replacement (Algorithm 1, lines 9-10): the
 * source (defective) pixels under the mask are matched, channel by channel, to the distribution
 * of the normal pixels they will cover, then pasted over them, optionally moved by an offset.
 */
public final class PatchReplacer {

    private PatchReplacer() {
    }

    /**
     * A copy of {@code normal} where the pixels of {@code source} under {@code mask} are pasted,
     * each moved by {@code (dy, dx)}; pixels that would land outside the image are dropped.
     *
     * @param matchHistograms whether to match the patch's histogram to the covered normal pixels first
     * @throws IllegalArgumentException if the images or the mask differ in size
     */
    public static Image replace(Image normal, Image source, Mask mask, int dy, int dx, boolean matchHistograms) {
        normal.requireSameShape(source, "patch replacement");
        int h = normal.height();
        int w = normal.width();
        if (mask.height() != h || mask.width() != w) {
            throw new IllegalArgumentException("patch replacement: mask " + mask.width() + "x" + mask.height()
                + " does not match image " + w + "x" + h);
        }
        boolean[] b = mask.bits();
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (b[y * w + x] && inside(y + dy, x + dx, h, w)) {
                    count++;
                }
            }
        }
        int[] from = new int[count];
        int[] to = new int[count];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (b[y * w + x] && inside(y + dy, x + dx, h, w)) {
                    from[k] = y * w + x;
                    to[k] = (y + dy) * w + x + dx;
                    k++;
                }
            }
        }
        Image out = normal.copy();
        if (count == 0) {
            return out;
        }
        int n = h * w;
        float[] src = source.data();
        float[] dst = out.data();
        float[] patch = new float[count];
        float[] covered = new float[count];
        for (int c = 0; c < normal.channels(); c++) {
            int base = c * n;
            for (int i = 0; i < count; i++) {
                patch[i] = src[base + from[i]];
                covered[i] = dst[base + to[i]];
            }
            float[] values = matchHistograms ? HistogramMatcher.match(patch, covered) : patch;
            for (int i = 0; i < count; i++) {
                dst[base + to[i]] = values[i];
            }
        }
        return out;
    }

    private static boolean inside(int y, int x, int h, int w) {
        return y >= 0 && y < h && x >= 0 && x < w;
    }
}
