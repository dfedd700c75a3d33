package org.dadda.federated.node;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;

/**
 * A defective image with its mask and defect type: an acquired sample, a DAM sample or a
 * synthesized one. These never leave the node.
 *
 * @param type the defect type
 * @param name a name unique within the type (file stem)
 * @param image RGB image
 * @param mask its defect mask
 */
public record LabelledPair(String type, String name, Image image, Mask mask) {
}
