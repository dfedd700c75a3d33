package org.dadda.tensor;

/**
 * Scaled dot-product attention per head, {@code out = softmax(q k^T scale + mask) v}, over dense
 * {@code q [heads, lq, d]} and {@code k, v [heads, lk, d]}; an optional additive mask is one
 * {@code [lq, lk]} matrix shared by all heads. The forward pass saves each query row's
 * log-sum-exp {@code [heads, lq]}, from which backward recomputes the probabilities.
 *
 * @param heads batch x heads: independent attention problems
 * @param lq    query length
 * @param lk    key (and value) length
 * @param d     head dimension
 * @param scale factor on the logits, usually {@code 1 / sqrt(d)}
 */
public record AttentionGeometry(int heads, int lq, int lk, int d, double scale) {

    /** Validates that every size is positive. */
    public AttentionGeometry {
        if (heads < 1 || lq < 1 || lk < 1 || d < 1) {
            throw new IllegalArgumentException("attention: sizes must be positive: heads " + heads + ", lq " + lq
                    + ", lk " + lk + ", d " + d);
        }
    }
}
