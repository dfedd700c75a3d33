package org.dadda.augment.util;

/**
 * A small, fully specified pseudo-random generator (SplitMix64) so that every seeded result of
 * this module is the same on every JDK. Not thread-safe: give each task its own instance.
 */
public final class SeededRandom {

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /** Creates a generator whose whole output is determined by {@code seed}. */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** Next 64 random bits. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return Seeds.mix(state);
    }

    /** Uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform double in {@code [lo, hi)}. */
    public double nextDouble(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * Uniform int in {@code [0, bound)}, without modulo bias.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long u = nextLong() >>> 1;
        long r;
        // Reject draws from the incomplete last block of 63-bit values, which would favour small results.
        while (u - (r = u % bound) + (bound - 1) < 0) {
            u = nextLong() >>> 1;
        }
        return (int) r;
    }

    /** Uniform int in {@code [lo, hi]} (both inclusive). */
    public int nextIntInclusive(int lo, int hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
        return lo + nextInt(hi - lo + 1);
    }

    /** Standard normal deviate (Marsaglia's polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }
}
