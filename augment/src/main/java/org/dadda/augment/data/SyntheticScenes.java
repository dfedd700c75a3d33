package org.dadda.augment.data;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.augment.util.SeededRandom;

/**
 * Normal images of the built-in synthetic categories. Each call draws its own variation from the
 * generator it is given: pixel noise and lighting for every category, texture phase and period
 * for textures, a small shift and rotation for objects.
 */
final class SyntheticScenes {

    /**
     * A rendered normal image.
     *
     * @param image the RGB image
     * @param support where a defect may go (the object, or the whole image for a texture)
     * @param background the image without the object (equal to {@code image} for textures)
     */
    record Scene(Image image, Mask support, Image background) {
    }

    private SyntheticScenes() {
    }

    static Scene render(String category, int size, SeededRandom r) {
        return switch (category) {
            case "synth_fabric" -> texture(fabric(size, r), size, r);
            case "synth_grain" -> texture(grain(size, r), size, r);
            case "synth_washer" -> washer(size, r);
            case "synth_pill" -> pill(size, r);
            default -> throw new IllegalArgumentException("unknown synthetic category '" + category + "'");
        };
    }

    private static Scene texture(Image im, int size, SeededRandom r) {
        light(im, r, 0.1);
        noise(im, r, 0.015);
        im.clamp01();
        boolean[] all = new boolean[size * size];
        java.util.Arrays.fill(all, true);
        return new Scene(im, new Mask(size, size, all), im);
    }

    /** A plain weave: alternate cells show the warp or the weft thread on top. */
    private static Image fabric(int s, SeededRandom r) {
        double u = s / 128.0;
        double period = 8 * u * r.nextDouble(0.95, 1.05);
        double px = r.nextDouble(0, period);
        double py = r.nextDouble(0, period);
        float[] base = {(float) r.nextDouble(0.74, 0.80), (float) r.nextDouble(0.66, 0.72), (float) r.nextDouble(0.52, 0.58)};
        Image im = Image.zeros(3, s, s);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double gx = (x + px) / period;
                double gy = (y + py) / period;
                long cx = (long) Math.floor(gx);
                long cy = (long) Math.floor(gy);
                double fx = gx - cx;
                double fy = gy - cy;
                boolean warp = ((cx + cy) & 1) == 0;
                double profile = warp ? Math.sin(Math.PI * fx) : Math.sin(Math.PI * fy);
                double gap = Math.min(1, 6 * Math.min(Math.min(fx, 1 - fx), Math.min(fy, 1 - fy)) + 0.55);
                double shade = (0.72 + 0.28 * profile) * gap;
                for (int c = 0; c < 3; c++) {
                    im.set(c, y, x, (float) (base[c] * shade));
                }
            }
        }
        return im;
    }

    /** Wood-like grain: wavy stripes whose phase wanders with smooth noise. */
    private static Image grain(int s, SeededRandom r) {
        double u = s / 128.0;
        double period = 11 * u * r.nextDouble(0.9, 1.1);
        double wave = 6 * u * r.nextDouble(0.7, 1.3);
        double waveLen = 45 * u * r.nextDouble(0.8, 1.2);
        double phase = r.nextDouble(0, 2 * Math.PI);
        double shift = r.nextDouble(0, period);
        float[] field = smoothNoise(s, 6, r);
        float[] dark = {0.42f, 0.26f, 0.14f};
        float[] bright = {0.74f, 0.53f, 0.33f};
        Image im = Image.zeros(3, s, s);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double t = (x + shift + wave * Math.sin(2 * Math.PI * y / waveLen + phase) + 5 * u * field[y * s + x]) / period;
                double ring = Math.pow(0.5 + 0.5 * Math.sin(2 * Math.PI * t), 0.7);
                for (int c = 0; c < 3; c++) {
                    im.set(c, y, x, (float) (dark[c] + (bright[c] - dark[c]) * ring));
                }
            }
        }
        return im;
    }

    /** A metal washer with an orientation notch on a dark, slightly uneven background. */
    private static Scene washer(int s, SeededRandom r) {
        double u = s / 128.0;
        Image bg = flat(s, new float[] {0.13f, 0.13f, 0.14f});
        float[] field = smoothNoise(s, 4, r);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < s * s; i++) {
                bg.data()[c * s * s + i] += 0.03f * field[i];
            }
        }
        double cx = s / 2.0 + r.nextDouble(-3 * u, 3 * u);
        double cy = s / 2.0 + r.nextDouble(-3 * u, 3 * u);
        double rot = Math.toRadians(r.nextDouble(-12, 12));
        double outer = 0.36 * s;
        double inner = 0.15 * s;
        double lightAngle = r.nextDouble(-0.3, 0.3) - Math.PI / 4;
        float[] steel = {0.66f, 0.67f, 0.71f};
        Image im = bg.copy();
        boolean[] sup = new boolean[s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double d = Math.hypot(dx, dy);
                if (d < inner || d > outer) {
                    continue;
                }
                sup[y * s + x] = true;
                double a = Math.atan2(dy, dx);
                double radial = (d - inner) / (outer - inner);
                double shade = 0.78 + 0.18 * Math.cos(a - lightAngle) * Math.sin(Math.PI * radial) + 0.04 * Math.sin(d * 1.7 / u);
                double notch = angleDiff(a, rot) < 0.13 && d > outer - 0.07 * s ? 0.45 : 1.0;
                for (int c = 0; c < 3; c++) {
                    im.set(c, y, x, (float) (steel[c] * shade * notch));
                }
            }
        }
        return object(im, bg, sup, s, r);
    }

    /** A two-colour capsule on a light background, slightly moved and turned. */
    private static Scene pill(int s, SeededRandom r) {
        double u = s / 128.0;
        Image bg = flat(s, new float[] {0.84f, 0.84f, 0.82f});
        double cx = s / 2.0 + r.nextDouble(-3 * u, 3 * u);
        double cy = s / 2.0 + r.nextDouble(-3 * u, 3 * u);
        double rot = Math.toRadians(r.nextDouble(-9, 9));
        double half = 0.31 * s;
        double radius = 0.15 * s;
        float[] red = {(float) r.nextDouble(0.76, 0.82), 0.20f, 0.18f};
        float[] white = {0.94f, 0.93f, 0.89f};
        double cos = Math.cos(rot);
        double sin = Math.sin(rot);
        Image im = bg.copy();
        boolean[] sup = new boolean[s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double along = dx * cos + dy * sin;
                double across = -dx * sin + dy * cos;
                double clamped = Math.max(-(half - radius), Math.min(half - radius, along));
                double d = Math.hypot(along - clamped, across);
                if (d > radius) {
                    // soft contact shadow around the capsule
                    double sh = Math.max(0, 1 - (d - radius) / (4 * u));
                    for (int c = 0; c < 3; c++) {
                        im.set(c, y, x, im.get(c, y, x) * (float) (1 - 0.12 * sh));
                    }
                    continue;
                }
                sup[y * s + x] = true;
                double v = across / radius;
                double shade = 1 - 0.28 * v * v + 0.08 * Math.exp(-sq((v + 0.45) / 0.18));
                float[] col = along < 0 ? red : white;
                double seam = Math.abs(along) < 0.8 * u ? 0.8 : 1.0;
                for (int c = 0; c < 3; c++) {
                    im.set(c, y, x, (float) (col[c] * shade * seam));
                }
            }
        }
        return object(im, bg, sup, s, r);
    }

    private static Scene object(Image im, Image bg, boolean[] sup, int s, SeededRandom r) {
        // Lighting and noise touch object and background alike, as a camera would.
        long lightSeed = r.nextLong();
        long noiseSeed = r.nextLong();
        light(im, new SeededRandom(lightSeed), 0.08);
        light(bg, new SeededRandom(lightSeed), 0.08);
        noise(im, new SeededRandom(noiseSeed), 0.012);
        noise(bg, new SeededRandom(noiseSeed), 0.012);
        im.clamp01();
        bg.clamp01();
        return new Scene(im, new Mask(s, s, sup), bg);
    }

    private static Image flat(int s, float[] rgb) {
        Image im = Image.zeros(3, s, s);
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(im.data(), c * s * s, (c + 1) * s * s, rgb[c]);
        }
        return im;
    }

    /** Global brightness in [1 - amount, 1 + amount] and a linear gradient of up to +-amount across the image. */
    private static void light(Image im, SeededRandom r, double amount) {
        int s = im.width();
        double b = r.nextDouble(1 - amount, 1 + amount);
        double gx = r.nextDouble(-amount, amount);
        double gy = r.nextDouble(-amount, amount);
        float[] d = im.data();
        int n = im.planeSize();
        for (int y = 0; y < im.height(); y++) {
            for (int x = 0; x < s; x++) {
                float f = (float) (b * (1 + gx * ((x + 0.5) / s - 0.5) + gy * ((y + 0.5) / im.height() - 0.5)));
                for (int c = 0; c < 3; c++) {
                    d[c * n + y * s + x] *= f;
                }
            }
        }
    }

    private static void noise(Image im, SeededRandom r, double sigma) {
        float[] d = im.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (sigma * r.nextGaussian());
        }
    }

    /** Smooth noise in about [-1, 1]: a random {@code grid x grid} lattice, bilinearly interpolated. */
    static float[] smoothNoise(int s, int grid, SeededRandom r) {
        double[] g = new double[(grid + 1) * (grid + 1)];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextDouble(-1, 1);
        }
        float[] out = new float[s * s];
        for (int y = 0; y < s; y++) {
            double gy = (y + 0.5) / s * grid;
            int y0 = Math.min(grid - 1, (int) gy);
            double fy = gy - y0;
            for (int x = 0; x < s; x++) {
                double gx = (x + 0.5) / s * grid;
                int x0 = Math.min(grid - 1, (int) gx);
                double fx = gx - x0;
                double a = g[y0 * (grid + 1) + x0] * (1 - fx) + g[y0 * (grid + 1) + x0 + 1] * fx;
                double b = g[(y0 + 1) * (grid + 1) + x0] * (1 - fx) + g[(y0 + 1) * (grid + 1) + x0 + 1] * fx;
                out[y * s + x] = (float) (a * (1 - fy) + b * fy);
            }
        }
        return out;
    }

    private static double angleDiff(double a, double b) {
        double d = Math.abs(a - b) % (2 * Math.PI);
        return d > Math.PI ? 2 * Math.PI - d : d;
    }

    private static double sq(double v) {
        return v * v;
    }
}
