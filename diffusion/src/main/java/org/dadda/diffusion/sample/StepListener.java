package org.dadda.diffusion.sample;

import org.dadda.tensor.Tensor;

/** Observes a reverse-diffusion run, for pictures of the process (the paper's Fig. 8) and progress. */
@FunctionalInterface
public interface StepListener {
    /** Does nothing. */
    StepListener NONE = (t, xt, x0) -> { };

    /**
     * Called once per visited timestep {@code t}, after the model has been evaluated on the
     * current latent {@code xt}, with its (clipped, where the sampler clips) prediction of
     * {@code x0}. The tensors must not be kept beyond the call unless copied.
     */
    void onStep(int t, Tensor xt, Tensor x0Pred);
}
