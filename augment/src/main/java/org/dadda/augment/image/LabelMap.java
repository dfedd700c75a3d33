package org.dadda.augment.image;

/**
 * A segmentation: one label in {@code [0, count)} per pixel, row-major, every label used.
 * The array is used as given (not copied).
 */
public final class LabelMap {

    private final int height;
    private final int width;
    private final int[] labels;
    private final int count;

    /**
     * Wraps {@code labels}.
     *
     * @throws IllegalArgumentException if the length does not match or a label is outside {@code [0, count)}
     */
    public LabelMap(int height, int width, int[] labels, int count) {
        if (labels.length != height * width) {
            throw new IllegalArgumentException("label array length " + labels.length + " does not match " + height + "x" + width);
        }
        for (int l : labels) {
            if (l < 0 || l >= count) {
                throw new IllegalArgumentException("label " + l + " outside [0, " + count + ")");
            }
        }
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.count = count;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** The row-major labels (live, not a copy). */
    public int[] labels() {
        return labels;
    }

    /** Label at row {@code y}, column {@code x}. */
    public int get(int y, int x) {
        return labels[y * width + x];
    }

    /** Number of distinct labels. */
    public int count() {
        return count;
    }
}
