package org.dadda.augment.dam;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;

/**
 * One novel defective sample made by the DAM.
 *
 * @param defectType the defect type it imitates
 * @param index its index within that type (with the seed, it determines the sample)
 * @param image the novel image
 * @param mask its defect mask
 * @param normalIndex which normal image it was built on
 * @param defectiveIndex which defective training image supplied the defect
 * @param tries attempts made (1 to maxTries)
 * @param accepted whether eq. 4 held for the kept attempt (false: the last attempt was kept)
 * @param score the eq. 4 SSIM means of the kept attempt
 * @param times time per step
 * @param trace intermediates, or null unless asked for
 */
public record DamSample(
    String defectType,
    int index,
    Image image,
    Mask mask,
    int normalIndex,
    int defectiveIndex,
    int tries,
    boolean accepted,
    QualityCheck.Score score,
    StepTimes times,
    DamTrace trace) {
}
