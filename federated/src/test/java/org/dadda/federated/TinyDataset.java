package org.dadda.federated;

import java.nio.file.Path;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.tensor.Rng;

/**
 * A small category in MVTec layout for tests: a smooth textured disc on a plain background, with
 * defect types that differ in look (a dark spot, a bright scratch, a blue stain), so that a
 * classifier has something to learn and a detector something to find.
 */
public final class TinyDataset {
    /** The defect types written. */
    public static final List<String> TYPES = List.of("scratch", "spot", "stain");

    private TinyDataset() {
    }

    /**
     * Writes category {@code name} under {@code root}: {@code good} normal training images,
     * {@code testGood} normal test images and {@code perType} defective images per type.
     */
    public static Path write(Path root, String name, int size, int good, int testGood, int perType, long seed) {
        Path dir = root.resolve(name);
        Rng rng = new Rng(seed);
        for (int i = 0; i < good; i++) {
            ImageFiles.writePng(normal(size, rng), dir.resolve(String.format("train/good/%03d.png", i)));
        }
        for (int i = 0; i < testGood; i++) {
            ImageFiles.writePng(normal(size, rng), dir.resolve(String.format("test/good/%03d.png", i)));
        }
        for (String t : TYPES) {
            for (int i = 0; i < perType; i++) {
                Image im = normal(size, rng);
                Mask m = defect(im, t, rng);
                ImageFiles.writePng(im, dir.resolve(String.format("test/%s/%03d.png", t, i)));
                ImageFiles.writePng(m, dir.resolve(String.format("ground_truth/%s/%03d_mask.png", t, i)));
            }
        }
        return dir;
    }

    static Image normal(int s, Rng rng) {
        Image im = Image.zeros(3, s, s);
        double cx = s / 2.0 + (rng.nextDouble() - 0.5) * 2;
        double cy = s / 2.0 + (rng.nextDouble() - 0.5) * 2;
        double r = s * 0.38;
        double light = 0.9 + 0.2 * rng.nextDouble();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double d = Math.hypot(x - cx, y - cy);
                boolean in = d < r;
                double tex = 0.04 * Math.sin(x * 0.9) * Math.cos(y * 0.7) + 0.02 * rng.nextGaussian();
                float[] rgb = in ? new float[] {0.62f, 0.45f, 0.25f} : new float[] {0.15f, 0.15f, 0.17f};
                for (int c = 0; c < 3; c++) {
                    im.set(c, y, x, (float) Math.max(0, Math.min(1, rgb[c] * light + (in ? tex : 0.01 * rng.nextGaussian()))));
                }
            }
        }
        return im;
    }

    static Mask defect(Image im, String type, Rng rng) {
        int s = im.height();
        Mask m = Mask.empty(s, s);
        double cx = s * (0.35 + 0.3 * rng.nextDouble());
        double cy = s * (0.35 + 0.3 * rng.nextDouble());
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean hit;
                float[] col;
                switch (type) {
                    case "scratch" -> {
                        // A thin bright line at 45 degrees.
                        double along = ((x - cx) + (y - cy)) / Math.sqrt(2);
                        double across = ((x - cx) - (y - cy)) / Math.sqrt(2);
                        hit = Math.abs(across) < 0.9 && Math.abs(along) < s * 0.22;
                        col = new float[] {0.95f, 0.95f, 0.9f};
                    }
                    case "spot" -> {
                        hit = Math.hypot(x - cx, y - cy) < s * 0.09;
                        col = new float[] {0.05f, 0.03f, 0.02f};
                    }
                    default -> {
                        hit = Math.abs(x - cx) / (s * 0.16) + Math.abs(y - cy) / (s * 0.08) < 1;
                        col = new float[] {0.2f, 0.35f, 0.8f};
                    }
                }
                if (hit) {
                    m.set(y, x, true);
                    for (int c = 0; c < 3; c++) {
                        im.set(c, y, x, col[c]);
                    }
                }
            }
        }
        return m;
    }
}
