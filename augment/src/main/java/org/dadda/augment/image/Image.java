package org.dadda.augment.image;

import java.util.Arrays;

/**
 * A float image with planar channel-height-width layout and values nominally in {@code [0, 1]}.
 *
 * <p>Channel {@code c}, row {@code y}, column {@code x} lives at {@code data[(c * height + y) * width + x]}.
 * One channel is gray, three are RGB. The pixel array is used as given (not copied) so that the
 * algorithms of this module can work in place without extra allocation; {@link #copy()} makes an
 * independent image.
 */
public final class Image {

    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /**
     * Wraps {@code data} (not copied) as a {@code channels x height x width} image.
     *
     * @throws IllegalArgumentException if a dimension is not positive, channels is not 1 or 3, or
     *     the array length is not {@code channels * height * width}
     */
    public Image(int channels, int height, int width, float[] data) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("data length " + data.length + " does not match "
                + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** A black image of the given shape. */
    public static Image zeros(int channels, int height, int width) {
        return new Image(channels, height, width, new float[channels * height * width]);
    }

    /** Number of channels: 1 (gray) or 3 (RGB). */
    public int channels() {
        return channels;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Pixels per channel plane ({@code height * width}). */
    public int planeSize() {
        return height * width;
    }

    /** The backing planar array (live, not a copy). */
    public float[] data() {
        return data;
    }

    /** Value of channel {@code c} at row {@code y}, column {@code x}. */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** Sets channel {@code c} at row {@code y}, column {@code x}. */
    public void set(int c, int y, int x, float v) {
        data[(c * height + y) * width + x] = v;
    }

    /** An independent copy. */
    public Image copy() {
        return new Image(channels, height, width, data.clone());
    }

    /** True when both images have the same channels, height and width. */
    public boolean sameShape(Image o) {
        return channels == o.channels && height == o.height && width == o.width;
    }

    /** "CxHxW", for messages. */
    public String shapeString() {
        return channels + "x" + height + "x" + width;
    }

    /** This image with three channels: gray is replicated, RGB is returned as is. */
    public Image toRgb() {
        if (channels == 3) {
            return this;
        }
        int n = planeSize();
        float[] out = new float[3 * n];
        System.arraycopy(data, 0, out, 0, n);
        System.arraycopy(data, 0, out, n, n);
        System.arraycopy(data, 0, out, 2 * n, n);
        return new Image(3, height, width, out);
    }

    /**
     * One-channel luminance with the ITU-R BT.709 weights scikit-image's {@code rgb2gray} uses
     * (0.2125, 0.7154, 0.0721); a gray image is returned as is.
     */
    public Image toGray() {
        if (channels == 1) {
            return this;
        }
        int n = planeSize();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = 0.2125f * data[i] + 0.7154f * data[n + i] + 0.0721f * data[2 * n + i];
        }
        return new Image(1, height, width, out);
    }

    /** Clamps every value into {@code [0, 1]} in place and returns this image. */
    public Image clamp01() {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            data[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
        }
        return this;
    }

    /**
     * Checks that {@code o} has this image's shape.
     *
     * @throws IllegalArgumentException naming both shapes and {@code what} otherwise
     */
    public void requireSameShape(Image o, String what) {
        if (!sameShape(o)) {
            throw new IllegalArgumentException(what + ": image shapes differ, " + shapeString() + " vs " + o.shapeString());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image im && sameShape(im) && Arrays.equals(data, im.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Image[" + shapeString() + "]";
    }
}
