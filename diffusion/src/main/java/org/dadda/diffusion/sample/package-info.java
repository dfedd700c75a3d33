/**
 * Reverse-diffusion samplers: ancestral DDPM over all T steps
 * ({@link org.dadda.diffusion.sample.DdpmSampler}) and DDIM over S steps with {@code eta}
 * ({@link org.dadda.diffusion.sample.DdimSampler}), with per-sample seeded noise
 * ({@link org.dadda.diffusion.sample.NoiseSource}) so results do not depend on batching.
 */
package org.dadda.diffusion.sample;
