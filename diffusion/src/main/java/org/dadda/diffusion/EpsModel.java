package org.dadda.diffusion;

import org.dadda.tensor.Tensor;

/**
 * A noise predictor {@code eps_theta(x_t, t)}: given noisy samples {@code x_t [B, C, H, W]} and
 * one timestep per sample, predicts the noise that was added. Conditioning (a class, a mask,
 * guidance) is bound into the instance, so samplers need to know nothing about it.
 */
@FunctionalInterface
public interface EpsModel {
    /** The predicted noise, same shape as {@code xt}; {@code t.length} equals the batch size. */
    Tensor predictEps(Tensor xt, int[] t);
}
