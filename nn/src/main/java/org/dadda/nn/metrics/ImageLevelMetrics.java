package org.dadda.nn.metrics;

/**
 * Image-level anomaly detection metrics: one score and one label per image.
 *
 * @param auroc area under the ROC curve
 * @param averagePrecision average precision (scikit-learn's definition)
 * @param f1Max best F1 over the precision-recall curve, with its threshold
 */
public record ImageLevelMetrics(double auroc, double averagePrecision, F1Max f1Max) {
}
