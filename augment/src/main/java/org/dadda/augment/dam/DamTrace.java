package org.dadda.augment.dam;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.image.Mask;
import org.dadda.augment.ops.CrossCorrelationAligner;

/**
 * The intermediate results of one DAM sample, for pictures such as the paper's Fig. 3.
 *
 * @param normal the normal image the sample is built on
 * @param defective the defective training image
 * @param groundTruth its mask
 * @param superpixels quick shift of the normal image
 * @param alignment the translation applied to the defective image (zero for textures)
 * @param aligned the aligned defective image
 * @param alignedMask the aligned ground truth
 * @param defectiveRegion pixels of the defective region: superpixels touching the defect, grown by
 *     their neighbours, within the margin around the defect
 * @param sourceMask the final new mask where it was cut from the defective image
 * @param offsetY rows the patch was moved (textures)
 * @param offsetX columns the patch was moved (textures)
 */
public record DamTrace(
    Image normal,
    Image defective,
    Mask groundTruth,
    LabelMap superpixels,
    CrossCorrelationAligner.Alignment alignment,
    Image aligned,
    Mask alignedMask,
    Mask defectiveRegion,
    Mask sourceMask,
    int offsetY,
    int offsetX) {
}
