/**
 * Diffusion models of D-ADDA (paper, Sec. III-B and III-C): noise schedules and the DDPM
 * forward process ({@link org.dadda.diffusion.NoiseSchedule},
 * {@link org.dadda.diffusion.GaussianDiffusion}), the run profiles
 * ({@link org.dadda.diffusion.profile.DiffusionProfile}) and the generative stages end to end
 * ({@link org.dadda.diffusion.DiffusionPipeline}).
 *
 * <p>Subpackages: {@code unet} (the attention U-Net, class conditioning, mask encoders and gated
 * cross-attention), {@code sample} (DDPM and DDIM samplers, per-sample noise streams),
 * {@code train} (the trainer with exact resume, checkpoints and model files, the gated
 * fine-tuner, datasets as batch sources), {@code synth} (G_M with classifier-free guidance,
 * defect synthesis, PNG pictures), {@code profile} (the named network, training and sampling
 * settings the system's profiles choose from). The root package depends on none of them.
 *
 * <p>Conventions: images are {@code [N, C, S, S]} in [-1, 1]; masks given to G_I are
 * {@code [N, 1, S, S]} in {0, 1} (1 = defect); G_M is trained on masks mapped to [-1, 1]
 * ({@link org.dadda.diffusion.synth.MaskModel#toSigned}) and its samples are binarised at 0.
 * Timesteps are 0-based, {@code 0 .. T-1}.
 */
package org.dadda.diffusion;
