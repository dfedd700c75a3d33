package org.dadda.augment.ops;

import org.dadda.augment.image.Image;

/**
 * sRGB to CIE L*a*b* conversion with scikit-image's constants: sRGB companding, the sRGB/D65
 * matrix, reference white D65 with the 2-degree observer (0.95047, 1, 1.08883), and the
 * 0.008856 / 7.787 linear segment of the Lab non-linearity.
 */
public final class ColorLab {

    private static final double[] M = {
        0.412453, 0.357580, 0.180423,
        0.212671, 0.715160, 0.072169,
        0.019334, 0.119193, 0.950227,
    };
    private static final double WX = 0.95047;
    private static final double WY = 1.0;
    private static final double WZ = 1.08883;

    private ColorLab() {
    }

    /**
     * Converts an RGB image (values in {@code [0, 1]}) to planar L, a, b in a new array of
     * length {@code 3 * height * width}; a gray image is treated as RGB with equal channels.
     */
    public static double[] toLab(Image image) {
        Image rgb = image.toRgb();
        int n = rgb.planeSize();
        float[] d = rgb.data();
        double[] out = new double[3 * n];
        double[] lab = new double[3];
        for (int i = 0; i < n; i++) {
            toLab(d[i], d[n + i], d[2 * n + i], lab);
            out[i] = lab[0];
            out[n + i] = lab[1];
            out[2 * n + i] = lab[2];
        }
        return out;
    }

    /** Converts one sRGB colour (components in {@code [0, 1]}) to L, a, b, written into {@code lab}. */
    public static void toLab(double r, double g, double b, double[] lab) {
        double lr = linear(r);
        double lg = linear(g);
        double lb = linear(b);
        double x = (M[0] * lr + M[1] * lg + M[2] * lb) / WX;
        double y = (M[3] * lr + M[4] * lg + M[5] * lb) / WY;
        double z = (M[6] * lr + M[7] * lg + M[8] * lb) / WZ;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        lab[0] = 116.0 * fy - 16.0;
        lab[1] = 500.0 * (fx - fy);
        lab[2] = 200.0 * (fy - fz);
    }

    private static double linear(double c) {
        return c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116.0;
    }
}
