/**
 * The attention U-Net noise predictor ({@link org.dadda.diffusion.unet.AttentionUNet}, shaped by
 * {@link org.dadda.diffusion.unet.UNetConfig}) and its parts: residual blocks with the time (and
 * mask) embedding, self-attention of eq. 5 and 6, the mask encoders and the gated
 * cross-attention of eq. 9 and 10 ({@link org.dadda.diffusion.unet.GatedCrossAttention},
 * ablation switches in {@link org.dadda.diffusion.unet.GateMode}).
 */
package org.dadda.diffusion.unet;
