package org.dadda.diffusion.synth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.diffusion.sample.SamplerSpec;

/**
 * Settings of defect synthesis (paper, eq. 7).
 *
 * @param perClass      image/mask pairs per defect class (500 in the paper)
 * @param batchSize     samples per sampler batch (does not change the results)
 * @param maskSampler   sampler of G_M
 * @param imageSampler  sampler of the mask-conditioned G_I
 * @param guidance      classifier-free guidance scale {@code w} of G_M
 * @param minMaskPixels a sampled mask with fewer defect pixels is drawn again (up to
 *                      {@code maxMaskAttempts} times), so no defective image gets an empty mask
 * @param maxMaskAttempts draws per mask at most
 * @param seed          seed of the whole synthesis
 */
public record SynthesisConfig(int perClass, int batchSize, SamplerSpec maskSampler, SamplerSpec imageSampler, double guidance,
                              int minMaskPixels, int maxMaskAttempts, long seed) {
    /** Validates the settings. */
    public SynthesisConfig {
        if (perClass < 1 || batchSize < 1 || minMaskPixels < 0 || maxMaskAttempts < 1 || !(guidance >= 0)) {
            throw new IllegalArgumentException("SynthesisConfig invalid: perClass " + perClass + ", batchSize " + batchSize
                    + ", minMaskPixels " + minMaskPixels + ", maxMaskAttempts " + maxMaskAttempts + ", guidance " + guidance);
        }
    }

    /** As a JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perClass", perClass);
        m.put("batchSize", batchSize);
        m.put("maskSampler", maskSampler.toMap());
        m.put("imageSampler", imageSampler.toMap());
        m.put("guidance", guidance);
        m.put("minMaskPixels", minMaskPixels);
        m.put("maxMaskAttempts", maxMaskAttempts);
        m.put("seed", seed);
        return m;
    }
}
