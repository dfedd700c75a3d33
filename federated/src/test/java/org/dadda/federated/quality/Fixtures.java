package org.dadda.federated.quality;

import java.util.ArrayList;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.tensor.Rng;

/** Synthetic images and masks for the quality tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code n} random textures: each pixel uniform in {@code [lo, hi)}, independently. */
    static List<Image> textures(int n, int channels, int size, float lo, float hi, Rng rng) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] d = new float[channels * size * size];
            for (int p = 0; p < d.length; p++) {
                d[p] = lo + (hi - lo) * rng.nextFloat();
            }
            out.add(new Image(channels, size, size, d));
        }
        return out;
    }

    /** A filled disc of {@code radius} at ({@code cy}, {@code cx}). */
    static Mask disc(int size, int cy, int cx, int radius) {
        Mask m = Mask.empty(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= radius * radius) {
                    m.set(y, x, true);
                }
            }
        }
        return m;
    }

    /** Isolated single pixels on a grid with spacing 3 (each its own 8-connected component), kept with probability p. */
    static Mask saltAndPepper(int size, double p, Rng rng) {
        Mask m = Mask.empty(size, size);
        for (int y = 0; y < size; y += 3) {
            for (int x = 0; x < size; x += 3) {
                if (rng.nextDouble() < p) {
                    m.set(y, x, true);
                }
            }
        }
        return m;
    }
}
