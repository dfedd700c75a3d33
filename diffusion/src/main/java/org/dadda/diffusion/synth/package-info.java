/**
 * Synthesis: G_M with classifier-free guidance ({@link org.dadda.diffusion.synth.MaskModel}),
 * defect image/mask pairs by eq. 7 in MVTec layout
 * ({@link org.dadda.diffusion.synth.DefectSynthesizer}) and pictures
 * ({@link org.dadda.diffusion.synth.ImageFiles}, {@link org.dadda.diffusion.synth.DenoisingGrid}).
 */
package org.dadda.diffusion.synth;
