package org.dadda.diffusion.sample;

import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.tensor.Tensor;

/** A reverse-diffusion sampler: turns Gaussian noise into samples with a noise predictor. */
public interface Sampler {
    /**
     * Draws {@code x_T} from {@code noise} (shape {@code shape}, first axis the batch) and denoises
     * it with {@code model}; runs without recording gradients.
     */
    Tensor sample(EpsModel model, int[] shape, NoiseSource noise, StepListener listener);

    /** As {@link #sample(EpsModel, int[], NoiseSource, StepListener)} without a listener. */
    default Tensor sample(EpsModel model, int[] shape, NoiseSource noise) {
        return sample(model, shape, noise, StepListener.NONE);
    }

    /** The forward process this sampler reverses. */
    GaussianDiffusion diffusion();

    /** The timesteps visited, in the order visited (descending). */
    int[] timesteps();

    /** A short name with the settings, for manifests: {@code ddpm(T=1000)}, {@code ddim(S=50, eta=0.0)}. */
    String describe();
}
