package org.dadda.nn.metrics;

/**
 * Pixel-level anomaly segmentation metrics over all pixels of all images.
 *
 * @param auroc area under the pixel ROC curve
 * @param averagePrecision pixel average precision (scikit-learn's definition)
 * @param f1Max best pixel F1 over the precision-recall curve, with its threshold
 * @param aupro normalised area under the per-region overlap curve up to FPR 0.3 (anomalib's AUPRO)
 */
public record PixelLevelMetrics(double auroc, double averagePrecision, F1Max f1Max, double aupro) {
}
