package org.dadda.diffusion.sample;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;

/**
 * A sampler by its settings, for configurations and manifests: {@code ddpm} (all T steps,
 * ancestral) or {@code ddim} with {@code steps} steps and stochasticity {@code eta}.
 *
 * @param kind  {@code ddpm} or {@code ddim}
 * @param steps DDIM steps (ignored by DDPM, which takes all T)
 * @param eta   DDIM stochasticity (ignored by DDPM)
 * @param clip  whether the predicted {@code x0} is clipped to [-1, 1]
 */
public record SamplerSpec(String kind, int steps, double eta, boolean clip) {
    /** Validates the settings. */
    public SamplerSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("ddpm") && !kind.equals("ddim")) {
            throw new IllegalArgumentException("sampler kind must be ddpm or ddim, got '" + kind + "'");
        }
        if (kind.equals("ddim") && steps < 1) {
            throw new IllegalArgumentException("DDIM steps must be >= 1, got " + steps);
        }
        if (!(eta >= 0)) {
            throw new IllegalArgumentException("sampler eta must be >= 0, got " + eta);
        }
    }

    /** Deterministic DDIM with {@code steps} steps and clipping. */
    public static SamplerSpec ddim(int steps) {
        return new SamplerSpec("ddim", steps, 0, true);
    }

    /** Ancestral DDPM over all steps with clipping. */
    public static SamplerSpec ddpm() {
        return new SamplerSpec("ddpm", 0, 1, true);
    }

    /** The sampler over {@code diffusion}. */
    public Sampler create(GaussianDiffusion diffusion) {
        return kind.equals("ddpm") ? new DdpmSampler(diffusion, clip) : new DdimSampler(diffusion, steps, eta, clip);
    }

    /** Model evaluations per sample under {@code diffusion}. */
    public int evaluations(GaussianDiffusion diffusion) {
        return kind.equals("ddpm") ? diffusion.steps() : steps;
    }

    /** As a JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("steps", steps);
        m.put("eta", eta);
        m.put("clip", clip);
        return m;
    }
}
