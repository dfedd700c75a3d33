package org.dadda.augment.dam;

/**
 * Time spent on one DAM sample, step by step, in the rows of the paper's Table VI.
 *
 * @param superpixelNanos quick shift of the normal image (0 when another sample already computed it)
 * @param alignNanos cross-correlation alignment (0 for textures)
 * @param maskNanos mask creation and augmentation, with histogram matching and patch replacement, over all tries
 * @param qualityNanos eq. 4 SSIM checks over all tries
 * @param totalNanos the whole sample
 */
public record StepTimes(long superpixelNanos, long alignNanos, long maskNanos, long qualityNanos, long totalNanos) {
}
