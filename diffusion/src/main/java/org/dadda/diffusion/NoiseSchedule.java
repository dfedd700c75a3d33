package org.dadda.diffusion;

import java.util.Locale;

/**
 * The variance schedule of a DDPM forward process and every derived coefficient, in double
 * precision: {@code beta_t}, {@code alpha_t = 1 - beta_t}, {@code alphaBar_t = prod alpha},
 * and the coefficients of the posterior {@code q(x_{t-1} | x_t, x_0)}.
 *
 * <p>Steps are indexed {@code 0 .. T-1} as in the reference implementations (step {@code t}
 * here is step {@code t+1} of Ho et al.), so {@code alphaBarPrev(0) = 1}.
 */
public final class NoiseSchedule {
    /** The shape of {@code beta_t} over time. */
    public enum Kind {
        /** Betas spaced linearly between two bounds (Ho et al. 2020; the paper uses 1e-4..0.02). */
        LINEAR,
        /** {@code alphaBar(t) = cos^2(((t/T + s)/(1 + s)) pi/2)} with s = 0.008 (Nichol and Dhariwal 2021). */
        COSINE;

        /** The kind by its lower-case name ({@code linear} or {@code cosine}). */
        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown noise schedule '" + name + "': expected linear or cosine", e);
            }
        }
    }

    /** The cosine schedule's offset {@code s}. */
    public static final double COSINE_OFFSET = 0.008;
    /** The cosine schedule caps each beta here to avoid a singularity at the end. */
    public static final double COSINE_MAX_BETA = 0.999;

    private final Kind kind;
    private final double[] betas;
    private final double[] alphaBars;

    private NoiseSchedule(Kind kind, double[] betas) {
        this.kind = kind;
        this.betas = betas;
        this.alphaBars = new double[betas.length];
        double prod = 1;
        for (int t = 0; t < betas.length; t++) {
            if (!(betas[t] > 0 && betas[t] < 1)) {
                throw new IllegalArgumentException("beta[" + t + "] = " + betas[t] + " is outside (0, 1)");
            }
            prod *= 1 - betas[t];
            alphaBars[t] = prod;
        }
    }

    /** Linearly spaced betas from {@code betaStart} to {@code betaEnd} over {@code steps} steps. */
    public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
        requireSteps(steps);
        if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
            throw new IllegalArgumentException("linear schedule: need 0 < betaStart <= betaEnd < 1, got " + betaStart + ", " + betaEnd);
        }
        double[] b = new double[steps];
        for (int t = 0; t < steps; t++) {
            b[t] = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (steps - 1);
        }
        return new NoiseSchedule(Kind.LINEAR, b);
    }

    /** The paper's schedule: linear betas 1e-4 .. 0.02 over {@code steps} steps (T = 1000 in the paper). */
    public static NoiseSchedule linear(int steps) {
        return linear(steps, 1e-4, 0.02);
    }

    /** The cosine schedule over {@code steps} steps. */
    public static NoiseSchedule cosine(int steps) {
        requireSteps(steps);
        double[] b = new double[steps];
        for (int t = 0; t < steps; t++) {
            b[t] = Math.min(1 - cosineAlphaBar((t + 1.0) / steps) / cosineAlphaBar((double) t / steps), COSINE_MAX_BETA);
        }
        return new NoiseSchedule(Kind.COSINE, b);
    }

    /** A schedule of {@code kind} over {@code steps} steps with the default parameters. */
    public static NoiseSchedule of(Kind kind, int steps) {
        return kind == Kind.LINEAR ? linear(steps) : cosine(steps);
    }

    private static double cosineAlphaBar(double u) {
        double c = StrictMath.cos((u + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2);
        return c * c;
    }

    private static void requireSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("noise schedule: steps must be >= 1, got " + steps);
        }
    }

    private void check(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IllegalArgumentException("timestep " + t + " outside [0, " + betas.length + ")");
        }
    }

    /** The kind of schedule. */
    public Kind kind() {
        return kind;
    }

    /** Number of diffusion steps T. */
    public int steps() {
        return betas.length;
    }

    /** {@code beta_t}. */
    public double beta(int t) {
        check(t);
        return betas[t];
    }

    /** {@code alpha_t = 1 - beta_t}. */
    public double alpha(int t) {
        return 1 - beta(t);
    }

    /** {@code alphaBar_t = prod_{s <= t} alpha_s}. */
    public double alphaBar(int t) {
        check(t);
        return alphaBars[t];
    }

    /** {@code alphaBar_{t-1}}, 1 for {@code t = 0}. */
    public double alphaBarPrev(int t) {
        check(t);
        return t == 0 ? 1 : alphaBars[t - 1];
    }

    /** {@code sqrt(alphaBar_t)}: the scale of {@code x_0} in {@code x_t}. */
    public double sqrtAlphaBar(int t) {
        return Math.sqrt(alphaBar(t));
    }

    /** {@code sqrt(1 - alphaBar_t)}: the scale of the noise in {@code x_t}. */
    public double sqrtOneMinusAlphaBar(int t) {
        return Math.sqrt(1 - alphaBar(t));
    }

    /** Variance of {@code q(x_{t-1} | x_t, x_0)}: {@code beta_t (1 - alphaBar_{t-1}) / (1 - alphaBar_t)}; 0 at t = 0. */
    public double posteriorVariance(int t) {
        return beta(t) * (1 - alphaBarPrev(t)) / (1 - alphaBar(t));
    }

    /**
     * Log of the posterior variance, with the t = 0 value (zero) replaced by that of t = 1 as the
     * reference implementations do, so that it stays finite.
     */
    public double posteriorLogVarianceClipped(int t) {
        check(t);
        return StrictMath.log(t == 0 && betas.length > 1 ? posteriorVariance(1) : Math.max(posteriorVariance(t), Double.MIN_NORMAL));
    }

    /** Coefficient of {@code x_0} in the posterior mean: {@code beta_t sqrt(alphaBar_{t-1}) / (1 - alphaBar_t)}. */
    public double posteriorMeanCoefX0(int t) {
        return beta(t) * Math.sqrt(alphaBarPrev(t)) / (1 - alphaBar(t));
    }

    /** Coefficient of {@code x_t} in the posterior mean: {@code (1 - alphaBar_{t-1}) sqrt(alpha_t) / (1 - alphaBar_t)}. */
    public double posteriorMeanCoefXt(int t) {
        return (1 - alphaBarPrev(t)) * Math.sqrt(alpha(t)) / (1 - alphaBar(t));
    }

    /** A copy of all betas. */
    public double[] betas() {
        return betas.clone();
    }

    /** A copy of all alphaBars. */
    public double[] alphaBars() {
        return alphaBars.clone();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "(T=" + betas.length + ")";
    }
}
