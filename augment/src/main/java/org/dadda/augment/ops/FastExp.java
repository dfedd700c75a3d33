package org.dadda.augment.ops;

/**
 * {@code exp(x)} by range reduction to {@code x = n ln 2 + r}, {@code |r| <= ln 2 / 2}, and a
 * degree-12 Taylor polynomial (relative error below 1e-15). It uses only multiplications and
 * additions in a fixed order so that a scalar loop and a Vector API loop get identical bits.
 * Arguments below -708 return {@code exp(-708)}, which keeps the result a normal double.
 */
final class FastExp {

    static final double LOG2E = 1.4426950408889634;
    static final double SHIFTER = 0x1.8p52;
    static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double MIN_ARG = -708.0;
    static final double MAX_ARG = 708.0;
    /** Taylor coefficients 1/k! for k = 12 down to 0 (Horner order). */
    static final double[] C = {
        1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040,
        1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0,
    };

    private FastExp() {
    }

    /** {@code exp(x)} for {@code x} in {@code [-708, 708]} (clamped outside). */
    static double exp(double x) {
        x = Math.min(Math.max(x, MIN_ARG), MAX_ARG);
        double t = x * LOG2E + SHIFTER;
        double n = t - SHIFTER;
        double r = (x - n * LN2_HI) - n * LN2_LO;
        double p = C[0];
        for (int k = 1; k < C.length; k++) {
            p = p * r + C[k];
        }
        long bits = (Double.doubleToRawLongBits(t) - SHIFTER_BITS + 1023) << 52;
        return p * Double.longBitsToDouble(bits);
    }
}
