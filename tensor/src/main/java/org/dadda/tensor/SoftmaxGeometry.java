package org.dadda.tensor;

/**
 * A softmax (or log-softmax) of each row of a dense {@code [rows, cols]} matrix.
 *
 * @param rows independent rows
 * @param cols elements per row, the axis normalised over
 * @param log  whether the log-softmax is taken
 */
public record SoftmaxGeometry(int rows, int cols, boolean log) {

    /** Validates that both sizes are positive. */
    public SoftmaxGeometry {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("softmax: sizes must be positive: " + rows + " rows of " + cols);
        }
    }
}
