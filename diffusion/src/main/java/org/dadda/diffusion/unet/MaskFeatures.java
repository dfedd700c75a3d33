package org.dadda.diffusion.unet;

/**
 * The mask encoders' features of one forward pass, shared by every gated cross-attention: of
 * the defect mask {@code M} and of its complement {@code 1 - M} (null where the gate is absent).
 *
 * @param defect features of {@code M}
 * @param normal features of {@code 1 - M}
 */
public record MaskFeatures(org.dadda.tensor.Tensor defect, org.dadda.tensor.Tensor normal) {
}
