package org.dadda.augment.image;

import java.util.Arrays;

/**
 * A binary mask (defect = true) of {@code height x width} pixels, row-major. The backing array is
 * used as given (not copied); {@link #copy()} makes an independent mask.
 */
public final class Mask {

    private final int height;
    private final int width;
    private final boolean[] bits;

    /**
     * Wraps {@code bits} (not copied).
     *
     * @throws IllegalArgumentException if the size is not positive or the array length is not {@code height * width}
     */
    public Mask(int height, int width, boolean[] bits) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (bits.length != height * width) {
            throw new IllegalArgumentException("mask length " + bits.length + " does not match " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.bits = bits;
    }

    /** An all-false mask. */
    public static Mask empty(int height, int width) {
        return new Mask(height, width, new boolean[height * width]);
    }

    /**
     * Binarises a one-channel image: a pixel is set when its value is at least {@code threshold}.
     *
     * @throws IllegalArgumentException if the image has more than one channel
     */
    public static Mask threshold(Image gray, float threshold) {
        if (gray.channels() != 1) {
            throw new IllegalArgumentException("a mask is made from a 1-channel image, got " + gray.shapeString());
        }
        float[] d = gray.data();
        boolean[] b = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = d[i] >= threshold;
        }
        return new Mask(gray.height(), gray.width(), b);
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** The backing row-major array (live, not a copy). */
    public boolean[] bits() {
        return bits;
    }

    /** Whether the pixel at row {@code y}, column {@code x} is set. */
    public boolean get(int y, int x) {
        return bits[y * width + x];
    }

    /** Sets or clears the pixel at row {@code y}, column {@code x}. */
    public void set(int y, int x, boolean v) {
        bits[y * width + x] = v;
    }

    /** Number of set pixels. */
    public int count() {
        int n = 0;
        for (boolean b : bits) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** True when no pixel is set. */
    public boolean isEmpty() {
        for (boolean b : bits) {
            if (b) {
                return false;
            }
        }
        return true;
    }

    /** An independent copy. */
    public Mask copy() {
        return new Mask(height, width, bits.clone());
    }

    /** True when both masks have the same height and width. */
    public boolean sameSize(Mask o) {
        return height == o.height && width == o.width;
    }

    /**
     * The mask moved by {@code dy} rows and {@code dx} columns; pixels moved outside are dropped and
     * uncovered pixels are clear.
     */
    public Mask shifted(int dy, int dx) {
        boolean[] out = new boolean[bits.length];
        for (int y = 0; y < height; y++) {
            int sy = y - dy;
            if (sy < 0 || sy >= height) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                int sx = x - dx;
                if (sx >= 0 && sx < width) {
                    out[y * width + x] = bits[sy * width + sx];
                }
            }
        }
        return new Mask(height, width, out);
    }

    /**
     * The mask dilated by a disc of {@code radius} pixels: a pixel is set when a set pixel lies
     * within Euclidean distance {@code radius}. A radius of 0 returns a copy.
     */
    public Mask dilate(int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("dilation radius must be >= 0, got " + radius);
        }
        boolean[] out = bits.clone();
        if (radius == 0) {
            return new Mask(height, width, out);
        }
        int r2 = radius * radius;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!bits[y * width + x] || isInterior(y, x)) {
                    continue;
                }
                // Only boundary pixels can reach beyond the mask, so only they paint discs.
                for (int dy = Math.max(-radius, -y); dy <= Math.min(radius, height - 1 - y); dy++) {
                    for (int dx = Math.max(-radius, -x); dx <= Math.min(radius, width - 1 - x); dx++) {
                        if (dy * dy + dx * dx <= r2) {
                            out[(y + dy) * width + x + dx] = true;
                        }
                    }
                }
            }
        }
        return new Mask(height, width, out);
    }

    /** This mask and {@code o} (same size). */
    public Mask and(Mask o) {
        if (!sameSize(o)) {
            throw new IllegalArgumentException("mask sizes differ: " + width + "x" + height + " vs " + o.width + "x" + o.height);
        }
        boolean[] out = new boolean[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits[i] && o.bits[i];
        }
        return new Mask(height, width, out);
    }

    private boolean isInterior(int y, int x) {
        return y > 0 && x > 0 && y < height - 1 && x < width - 1
            && bits[(y - 1) * width + x] && bits[(y + 1) * width + x] && bits[y * width + x - 1] && bits[y * width + x + 1];
    }

    /** Bounding box of the set pixels as {@code {minY, minX, maxY, maxX}} (inclusive), or null if empty. */
    public int[] boundingBox() {
        int minY = Integer.MAX_VALUE;
        int minX = Integer.MAX_VALUE;
        int maxY = -1;
        int maxX = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (bits[y * width + x]) {
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        return maxY < 0 ? null : new int[] {minY, minX, maxY, maxX};
    }

    /** The mask as a one-channel image of 0 and 1. */
    public Image toImage() {
        float[] d = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            d[i] = bits[i] ? 1f : 0f;
        }
        return new Image(1, height, width, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && sameSize(m) && Arrays.equals(bits, m.bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", " + count() + " set]";
    }
}
