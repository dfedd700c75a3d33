package org.dadda.augment.data;

import java.nio.file.Path;

/**
 * One defective image of an MVTec-layout category and its mask.
 *
 * @param type defect type (the folder name under {@code test/})
 * @param stem file name without extension, e.g. {@code 003}
 * @param image {@code test/<type>/<stem>.<ext>}
 * @param mask {@code ground_truth/<type>/<stem>_mask.png}
 */
public record DefectiveFile(String type, String stem, Path image, Path mask) {
}
