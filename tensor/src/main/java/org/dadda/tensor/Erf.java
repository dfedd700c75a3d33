package org.dadda.tensor;

/** The error function to double precision (needed by GELU and its float64 gradient check). */
final class Erf {
    private Erf() {
    }

    /** erf(x) with absolute error below 1e-14. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            // Maclaurin series: terms shrink fast enough below 2.5 and cancellation costs < 3 digits.
            double sum = 0;
            double term = ax;
            double x2 = ax * ax;
            for (int n = 0; n < 80; n++) {
                double contrib = term / (2 * n + 1);
                sum += contrib;
                if (Math.abs(contrib) < 1e-17 * Math.abs(sum)) {
                    break;
                }
                term *= -x2 / (n + 1);
            }
            double r = 2 / Math.sqrt(Math.PI) * sum;
            return x < 0 ? -r : r;
        }
        double r = 1 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x >= 2.5 by its continued fraction (modified Lentz). */
    private static double erfcLarge(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 200; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return StrictMath.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
