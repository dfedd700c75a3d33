package org.dadda.nn.metrics;

/**
 * The best F1 score over the points of a precision-recall curve, and where it is reached.
 *
 * @param f1 the maximum of {@code 2 P R / (P + R)} over the curve's points
 * @param threshold the score threshold of that point (scores {@code >= threshold} are positive);
 *     among tied maxima, the lowest threshold, as {@code numpy.argmax} over scikit-learn's
 *     increasing thresholds would pick
 * @param precision precision at that point
 * @param recall recall at that point
 */
public record F1Max(double f1, double threshold, double precision, double recall) {
}
