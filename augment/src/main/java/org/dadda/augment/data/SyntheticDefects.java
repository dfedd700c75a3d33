package org.dadda.augment.data;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.augment.util.SeededRandom;

/**
 * Paints defects into synthetic scenes. The mask of a defect is exactly the set of pixels the
 * painter changed, and always lies inside the scene's support (the object, for objects).
 */
final class SyntheticDefects {

    /**
     * A defective image and its exact mask.
     *
     * @param image the image with the defect
     * @param mask the changed pixels
     */
    record Painted(Image image, Mask mask) {
    }

    private static final float[][] STAIN_COLOURS = {{0.30f, 0.42f, 0.88f}, {0.92f, 0.55f, 0.10f}, {0.20f, 0.58f, 0.24f}, {0.25f, 0.16f, 0.10f}};
    private static final int ATTEMPTS = 50;

    private SyntheticDefects() {
    }

    /**
     * Paints one defect of {@code type} into a copy of the scene.
     *
     * @throws IllegalArgumentException for an unknown type
     */
    static Painted paint(String type, SyntheticScenes.Scene scene, SeededRandom r) {
        int s = scene.image().width();
        double u = s / 128.0;
        int minPixels = (int) Math.ceil(12 * u * u);
        Mask region = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Mask shape = switch (type) {
                case "crack" -> crack(scene.support(), u, r);
                case "hole" -> disc(scene.support(), r.nextDouble(3 * u, 7 * u), r);
                case "scratch" -> scratch(scene.support(), u, r);
                case "colour" -> blob(scene.support(), u, r);
                case "missing" -> bite(scene.support(), u, r);
                default -> throw new IllegalArgumentException("unknown synthetic defect type '" + type + "'");
            };
            region = and(shape, scene.support());
            if (region.count() >= minPixels) {
                break;
            }
        }
        Image im = scene.image().copy();
        int n = s * s;
        float[] d = im.data();
        boolean[] m = region.bits();
        switch (type) {
            case "crack" -> {
                for (int i = 0; i < n; i++) {
                    if (m[i]) {
                        float f = (float) r.nextDouble(0.22, 0.38);
                        for (int c = 0; c < 3; c++) {
                            d[c * n + i] *= f;
                        }
                    }
                }
            }
            case "hole" -> {
                for (int i = 0; i < n; i++) {
                    if (m[i]) {
                        float v = (float) (0.05 + 0.02 * r.nextGaussian());
                        for (int c = 0; c < 3; c++) {
                            d[c * n + i] = v;
                        }
                    }
                }
            }
            case "scratch" -> {
                for (int i = 0; i < n; i++) {
                    if (m[i]) {
                        for (int c = 0; c < 3; c++) {
                            d[c * n + i] += (0.97f - d[c * n + i]) * 0.8f;
                        }
                    }
                }
            }
            case "colour" -> {
                float[] tint = STAIN_COLOURS[r.nextInt(STAIN_COLOURS.length)];
                float a = (float) r.nextDouble(0.5, 0.7);
                for (int i = 0; i < n; i++) {
                    if (m[i]) {
                        for (int c = 0; c < 3; c++) {
                            d[c * n + i] = d[c * n + i] * (1 - a) + tint[c] * a;
                        }
                    }
                }
            }
            default -> {
                float[] bg = scene.background().data();
                for (int i = 0; i < n; i++) {
                    if (m[i]) {
                        for (int c = 0; c < 3; c++) {
                            d[c * n + i] = bg[c * n + i];
                        }
                    }
                }
            }
        }
        im.clamp01();
        // Painting can leave a pixel exactly as it was (a stain on its own colour); the mask keeps only changed pixels.
        float[] before = scene.image().data();
        boolean[] changed = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (m[i]) {
                for (int c = 0; c < 3; c++) {
                    if (d[c * n + i] != before[c * n + i]) {
                        changed[i] = true;
                    }
                }
            }
        }
        return new Painted(im, new Mask(s, s, changed));
    }

    /** A random walk of short segments, 1-2 px wide (at 128 px). */
    private static Mask crack(Mask support, double u, SeededRandom r) {
        int s = support.width();
        Mask m = Mask.empty(s, s);
        double[] p = pointIn(support, r);
        double angle = r.nextDouble(0, 2 * Math.PI);
        double width = Math.max(1, Math.round(r.nextDouble(1, 2.2) * u));
        int steps = 8 + r.nextInt(10);
        for (int i = 0; i < steps; i++) {
            angle += r.nextDouble(-0.6, 0.6);
            double len = r.nextDouble(2, 4.5) * u;
            double[] q = {p[0] + len * Math.sin(angle), p[1] + len * Math.cos(angle)};
            line(m, p, q, width);
            p = q;
        }
        return m;
    }

    /** A gently curved line, 1 px wide (at 128 px), 20-45 px long. */
    private static Mask scratch(Mask support, double u, SeededRandom r) {
        int s = support.width();
        Mask m = Mask.empty(s, s);
        double[] a = pointIn(support, r);
        double angle = r.nextDouble(0, 2 * Math.PI);
        double len = r.nextDouble(20, 45) * u;
        double bend = r.nextDouble(-0.25, 0.25);
        double width = Math.max(1, Math.round(u));
        int steps = 12;
        double[] prev = a;
        for (int i = 1; i <= steps; i++) {
            double t = (double) i / steps;
            double ang = angle + bend * (t - 0.5) * 2;
            double[] q = {prev[0] + len / steps * Math.sin(ang), prev[1] + len / steps * Math.cos(ang)};
            line(m, prev, q, width);
            prev = q;
        }
        return m;
    }

    /** An irregular stain: a few overlapping discs. */
    private static Mask blob(Mask support, double u, SeededRandom r) {
        int s = support.width();
        Mask m = Mask.empty(s, s);
        double[] c = pointIn(support, r);
        int k = 3 + r.nextInt(3);
        for (int i = 0; i < k; i++) {
            double rad = r.nextDouble(3, 8) * u;
            double cy = c[0] + r.nextDouble(-6, 6) * u;
            double cx = c[1] + r.nextDouble(-6, 6) * u;
            fillDisc(m, cy, cx, rad);
        }
        return m;
    }

    private static Mask disc(Mask support, double radius, SeededRandom r) {
        int s = support.width();
        Mask m = Mask.empty(s, s);
        double[] c = pointIn(support, r);
        fillDisc(m, c[0], c[1], radius);
        return m;
    }

    /** A bite out of the object's edge: a disc centred on a boundary pixel. */
    private static Mask bite(Mask support, double u, SeededRandom r) {
        int s = support.width();
        int[] boundary = new int[s * s];
        int nb = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                if (support.get(y, x) && (x == 0 || y == 0 || x == s - 1 || y == s - 1
                    || !support.get(y - 1, x) || !support.get(y + 1, x) || !support.get(y, x - 1) || !support.get(y, x + 1))) {
                    boundary[nb++] = y * s + x;
                }
            }
        }
        Mask m = Mask.empty(s, s);
        if (nb == 0) {
            return m;
        }
        int b = boundary[r.nextInt(nb)];
        fillDisc(m, b / s + 0.5, b % s + 0.5, r.nextDouble(6, 12) * u);
        return m;
    }

    private static double[] pointIn(Mask support, SeededRandom r) {
        int s = support.width();
        for (int i = 0; i < 10_000; i++) {
            int y = r.nextInt(s);
            int x = r.nextInt(s);
            if (support.get(y, x)) {
                return new double[] {y + 0.5, x + 0.5};
            }
        }
        throw new IllegalStateException("synthetic scene has no support pixels");
    }

    private static void fillDisc(Mask m, double cy, double cx, double rad) {
        int s = m.width();
        for (int y = Math.max(0, (int) (cy - rad)); y <= Math.min(s - 1, (int) (cy + rad)); y++) {
            for (int x = Math.max(0, (int) (cx - rad)); x <= Math.min(s - 1, (int) (cx + rad)); x++) {
                if (Math.hypot(y + 0.5 - cy, x + 0.5 - cx) <= rad) {
                    m.set(y, x, true);
                }
            }
        }
    }

    /** Sets the pixels whose centres lie within {@code width / 2} of segment a-b. */
    private static void line(Mask m, double[] a, double[] b, double width) {
        int s = m.width();
        double half = width / 2 + 0.15;
        int y0 = Math.max(0, (int) Math.floor(Math.min(a[0], b[0]) - half));
        int y1 = Math.min(s - 1, (int) Math.ceil(Math.max(a[0], b[0]) + half));
        int x0 = Math.max(0, (int) Math.floor(Math.min(a[1], b[1]) - half));
        int x1 = Math.min(s - 1, (int) Math.ceil(Math.max(a[1], b[1]) + half));
        double vy = b[0] - a[0];
        double vx = b[1] - a[1];
        double len2 = vy * vy + vx * vx;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double py = y + 0.5 - a[0];
                double px = x + 0.5 - a[1];
                double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (py * vy + px * vx) / len2));
                if (Math.hypot(py - t * vy, px - t * vx) <= half) {
                    m.set(y, x, true);
                }
            }
        }
    }

    private static Mask and(Mask a, Mask b) {
        boolean[] out = new boolean[a.bits().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.bits()[i] && b.bits()[i];
        }
        return new Mask(a.height(), a.width(), out);
    }
}
