package org.dadda.federated.server;

import java.util.ArrayList;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.tensor.Tensor;

/**
 * Images and masks to and from the value ranges the diffusion models work in: images and the
 * masks G_M generates in [-1, 1], conditioning masks in {0, 1}.
 */
public final class DiffusionTensors {
    private DiffusionTensors() {
    }

    /** Largest difference between two channels of a pixel that still counts as gray (below one 8-bit level). */
    private static final float GRAY_TOLERANCE = 0.5f / 255f;

    /** RGB images as {@code [N, 3, S, S]} in [-1, 1]. */
    public static Tensor images(List<Image> images) {
        return images(images, 3);
    }

    /**
     * Images as {@code [N, channels, S, S]} in [-1, 1]: {@code channels} 3 replicates gray images,
     * 1 takes the luminance.
     */
    public static Tensor images(List<Image> images, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 or 3 channels, not " + channels);
        }
        Image first = as(images.get(0), channels);
        int len = channels * first.height() * first.width();
        float[] out = new float[images.size() * len];
        for (int i = 0; i < images.size(); i++) {
            Image im = as(images.get(i), channels);
            if (!im.sameShape(first)) {
                throw new IllegalArgumentException("image " + i + " is " + im.shapeString() + ", the first is " + first.shapeString());
            }
            float[] d = im.data();
            for (int k = 0; k < d.length; k++) {
                out[i * len + k] = 2 * d[k] - 1;
            }
        }
        return Tensor.fromArray(out, images.size(), channels, first.height(), first.width());
    }

    private static Image as(Image im, int channels) {
        return channels == 1 ? im.toGray() : im.toRgb();
    }

    /**
     * The channels a category's generators work on: 1 when every image is gray (one channel, or
     * three equal ones, as a grayscale PNG read as RGB), else 3. MVTec AD has three grayscale
     * categories; sampling them in colour would add a cast the real images never have.
     */
    public static int channels(List<Image> images) {
        for (Image im : images) {
            if (im.channels() == 1) {
                continue;
            }
            float[] d = im.data();
            int n = im.planeSize();
            for (int k = 0; k < n; k++) {
                if (Math.abs(d[k] - d[n + k]) > GRAY_TOLERANCE || Math.abs(d[k] - d[2 * n + k]) > GRAY_TOLERANCE) {
                    return 3;
                }
            }
        }
        return 1;
    }

    /** Masks as {@code [N, 1, S, S]}: {@code -1/1} when {@code signed} (G_M's targets), else {@code 0/1} (conditioning). */
    public static Tensor masks(List<Mask> masks, boolean signed) {
        Mask first = masks.get(0);
        int plane = first.height() * first.width();
        float[] out = new float[masks.size() * plane];
        for (int i = 0; i < masks.size(); i++) {
            boolean[] b = masks.get(i).bits();
            if (b.length != plane) {
                throw new IllegalArgumentException("mask " + i + " differs in size from the first");
            }
            for (int k = 0; k < plane; k++) {
                out[i * plane + k] = b[k] ? 1f : (signed ? -1f : 0f);
            }
        }
        return Tensor.fromArray(out, masks.size(), 1, first.height(), first.width());
    }

    /** {@code [N, C, S, S]} in [-1, 1] back to images of C channels in [0, 1]. */
    public static List<Image> toImages(Tensor x) {
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        float[] v = x.toArray();
        List<Image> out = new ArrayList<>();
        int len = c * h * w;
        for (int i = 0; i < n; i++) {
            float[] d = new float[len];
            for (int k = 0; k < len; k++) {
                d[k] = Math.max(0f, Math.min(1f, (v[i * len + k] + 1) / 2));
            }
            out.add(new Image(c, h, w, d));
        }
        return out;
    }

    /** {@code [N, 1, S, S]} of 0/1 back to masks (set where the value is above one half). */
    public static List<Mask> toMasks(Tensor m) {
        int n = m.size(0);
        int h = m.size(2);
        int w = m.size(3);
        float[] v = m.toArray();
        List<Mask> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean[] b = new boolean[h * w];
            for (int k = 0; k < b.length; k++) {
                b[k] = v[i * h * w + k] > 0.5f;
            }
            out.add(new Mask(h, w, b));
        }
        return out;
    }
}
