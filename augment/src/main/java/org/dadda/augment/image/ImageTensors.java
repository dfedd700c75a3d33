package org.dadda.augment.image;

import java.util.ArrayList;
import java.util.List;
import org.dadda.tensor.Tensor;

/**
 * Converts between this module's images and masks and {@link Tensor}s in NCHW layout.
 *
 * <p>Images become {@code [N, C, H, W]} in {@code [0, 1]} or in {@code [-1, 1]} (the range the
 * diffusion models train on: {@code v * 2 - 1}); masks become {@code [N, 1, H, W]} of 0 and 1.
 * Back from a tensor, values are mapped to {@code [0, 1]} and clamped there, since a model's
 * output can overshoot.
 */
public final class ImageTensors {

    /** Value range of image tensors. */
    public enum Range {
        /** Pixel values as they are, in {@code [0, 1]}. */
        ZERO_ONE,
        /** {@code 2 v - 1}, in {@code [-1, 1]}. */
        MINUS_ONE_ONE
    }

    private ImageTensors() {
    }

    /**
     * Stacks images of one shape into a {@code [N, C, H, W]} tensor.
     *
     * @throws IllegalArgumentException if the list is empty or the shapes differ
     */
    public static Tensor toTensor(List<Image> images, Range range) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list of images");
        }
        Image first = images.get(0);
        int per = first.data().length;
        float[] out = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            Image im = images.get(i);
            first.requireSameShape(im, "image " + i + " of the batch");
            float[] d = im.data();
            for (int k = 0; k < per; k++) {
                out[i * per + k] = range == Range.ZERO_ONE ? d[k] : d[k] * 2f - 1f;
            }
        }
        return Tensor.fromArray(out, images.size(), first.channels(), first.height(), first.width());
    }

    /** One image as a {@code [1, C, H, W]} tensor. */
    public static Tensor toTensor(Image image, Range range) {
        return toTensor(List.of(image), range);
    }

    /**
     * Stacks masks of one size into a {@code [N, 1, H, W]} tensor of 0 and 1.
     *
     * @throws IllegalArgumentException if the list is empty or the sizes differ
     */
    public static Tensor masksToTensor(List<Mask> masks) {
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list of masks");
        }
        Mask first = masks.get(0);
        int per = first.height() * first.width();
        float[] out = new float[per * masks.size()];
        for (int i = 0; i < masks.size(); i++) {
            Mask m = masks.get(i);
            if (!first.sameSize(m)) {
                throw new IllegalArgumentException("mask " + i + " of the batch is " + m.width() + "x" + m.height()
                    + ", the first is " + first.width() + "x" + first.height());
            }
            boolean[] b = m.bits();
            for (int k = 0; k < per; k++) {
                out[i * per + k] = b[k] ? 1f : 0f;
            }
        }
        return Tensor.fromArray(out, masks.size(), 1, first.height(), first.width());
    }

    /**
     * Splits a {@code [N, C, H, W]} tensor (C of 1 or 3) into images in {@code [0, 1]}, clamped.
     *
     * @throws IllegalArgumentException if the tensor is not 4-D with 1 or 3 channels
     */
    public static List<Image> toImages(Tensor t, Range range) {
        int[] s = t.shape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException("expected an [N, C, H, W] tensor with C of 1 or 3, got " + java.util.Arrays.toString(s));
        }
        float[] d = t.toArray();
        int per = s[1] * s[2] * s[3];
        List<Image> out = new ArrayList<>(s[0]);
        for (int i = 0; i < s[0]; i++) {
            float[] im = new float[per];
            for (int k = 0; k < per; k++) {
                float v = d[i * per + k];
                im[k] = range == Range.ZERO_ONE ? v : (v + 1f) * 0.5f;
            }
            out.add(new Image(s[1], s[2], s[3], im).clamp01());
        }
        return out;
    }

    /**
     * Splits a {@code [N, 1, H, W]} tensor into masks: a pixel is set when its value is at least {@code threshold}.
     *
     * @throws IllegalArgumentException if the tensor is not {@code [N, 1, H, W]}
     */
    public static List<Mask> toMasks(Tensor t, float threshold) {
        int[] s = t.shape();
        if (s.length != 4 || s[1] != 1) {
            throw new IllegalArgumentException("expected an [N, 1, H, W] mask tensor, got " + java.util.Arrays.toString(s));
        }
        float[] d = t.toArray();
        int per = s[2] * s[3];
        List<Mask> out = new ArrayList<>(s[0]);
        for (int i = 0; i < s[0]; i++) {
            boolean[] b = new boolean[per];
            for (int k = 0; k < per; k++) {
                b[k] = d[i * per + k] >= threshold;
            }
            out.add(new Mask(s[2], s[3], b));
        }
        return out;
    }
}
