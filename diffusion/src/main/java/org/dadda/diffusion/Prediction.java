package org.dadda.diffusion;

import java.util.Locale;
import org.dadda.tensor.Tensor;

/**
 * What a denoising network's output means, and so what it is trained to regress.
 * <ul>
 *   <li>{@link #EPS}: the noise {@code eps} (Ho et al. 2020, {@code L_simple}); the paper's models.</li>
 *   <li>{@link #V}: the velocity {@code v = sqrt(aBar_t) eps - sqrt(1 - aBar_t) x_0} (Salimans and
 *       Ho 2022, Sec. 4 and appendix D). At high noise an epsilon predictor's {@code x_0} estimate
 *       {@code (x_t - sqrt(1 - aBar) eps) / sqrt(aBar)} multiplies its error by up to
 *       {@code 1 / sqrt(aBar_T)} (about 160 for the linear schedule), while a v predictor's
 *       {@code x_0 = sqrt(aBar) x_t - sqrt(1 - aBar) v} does not: what decides the global layout of a
 *       sparse binary mask (where the defect goes, how large) is made in those first steps.</li>
 * </ul>
 * Samplers work with epsilon; {@link #asEps} turns a network's raw output into it. Guidance
 * combines raw outputs linearly, which commutes with the conversion (epsilon is affine in v for a
 * given {@code x_t}).
 */
public enum Prediction {
    /** The network predicts the noise. */
    EPS,
    /** The network predicts the velocity {@code v}. */
    V;

    /** The training target for {@code x_t = qSample(x0, t, noise)}. */
    public Tensor target(GaussianDiffusion diffusion, Tensor x0, int[] t, Tensor noise) {
        return this == EPS ? noise : diffusion.velocity(x0, t, noise);
    }

    /** A noise predictor from a network whose raw output means this. */
    public EpsModel asEps(GaussianDiffusion diffusion, EpsModel raw) {
        return this == EPS ? raw : (x, t) -> diffusion.epsFromV(x, t, raw.predictEps(x, t));
    }

    /** The lower-case name used in configurations ({@code eps}, {@code v}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The prediction called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for another name, listing the known ones
     */
    public static Prediction parse(String name) {
        for (Prediction p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown prediction '" + name + "' (use eps or v)");
    }
}
