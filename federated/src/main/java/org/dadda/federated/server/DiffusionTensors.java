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

    /** RGB images as {@code [N, 3, S, S]} in [-1, 1]. */
    public static Tensor images(List<Image> images) {
        Image first = images.get(0);
        int plane = first.height() * first.width();
        float[] out = new float[images.size() * 3 * plane];
        for (int i = 0; i < images.size(); i++) {
            Image im = images.get(i).toRgb();
            if (!im.sameShape(first.toRgb())) {
                throw new IllegalArgumentException("image " + i + " is " + im.shapeString() + ", the first is " + first.toRgb().shapeString());
            }
            float[] d = im.data();
            for (int k = 0; k < d.length; k++) {
                out[i * 3 * plane + k] = 2 * d[k] - 1;
            }
        }
        return Tensor.fromArray(out, images.size(), 3, first.height(), first.width());
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

    /** {@code [N, 3, S, S]} in [-1, 1] back to images in [0, 1]. */
    public static List<Image> toImages(Tensor x) {
        int n = x.size(0);
        int h = x.size(2);
        int w = x.size(3);
        float[] v = x.toArray();
        List<Image> out = new ArrayList<>();
        int len = 3 * h * w;
        for (int i = 0; i < n; i++) {
            float[] d = new float[len];
            for (int k = 0; k < len; k++) {
                d[k] = Math.max(0f, Math.min(1f, (v[i * len + k] + 1) / 2));
            }
            out.add(new Image(3, h, w, d));
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
