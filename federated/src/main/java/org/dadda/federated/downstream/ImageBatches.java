package org.dadda.federated.downstream;

import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.tensor.Tensor;

/**
 * Images and masks to NCHW tensors for the downstream models. Images are normalised with the
 * ImageNet channel statistics, which is what torchvision weights given with {@code --init}
 * expect and is harmless for models trained from scratch.
 */
public final class ImageBatches {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageBatches() {
    }

    /** The ImageNet channel means (torchvision) images are normalised with. */
    public static float[] mean() {
        return MEAN.clone();
    }

    /** The ImageNet channel standard deviations (torchvision) images are normalised with. */
    public static float[] std() {
        return STD.clone();
    }

    /**
     * The images at {@code idx} as a normalised {@code [n, 3, H, W]} tensor; image {@code i} is
     * mirrored left-right when {@code flip != null && flip[i]}.
     *
     * @throws IllegalArgumentException naming the index of an image whose shape differs
     */
    public static Tensor images(List<Image> images, int[] idx, boolean[] flip) {
        Image first = images.get(idx[0]);
        int h = first.height();
        int w = first.width();
        int plane = h * w;
        float[] out = new float[idx.length * 3 * plane];
        for (int i = 0; i < idx.length; i++) {
            Image im = images.get(idx[i]).toRgb();
            if (im.height() != h || im.width() != w) {
                throw new IllegalArgumentException("image " + idx[i] + " is " + im.shapeString() + ", the batch is 3x" + h + "x" + w);
            }
            float[] d = im.data();
            boolean f = flip != null && flip[i];
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * plane;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = d[c * plane + y * w + (f ? w - 1 - x : x)];
                        out[base + y * w + x] = (v - MEAN[c]) / STD[c];
                    }
                }
            }
        }
        return Tensor.fromArray(out, idx.length, 3, h, w);
    }

    /** The masks at {@code idx} as a {@code [n, 1, H, W]} tensor of 0 and 1, mirrored like {@link #images}. */
    public static Tensor masks(List<Mask> masks, int[] idx, boolean[] flip) {
        Mask first = masks.get(idx[0]);
        int h = first.height();
        int w = first.width();
        float[] out = new float[idx.length * h * w];
        for (int i = 0; i < idx.length; i++) {
            Mask m = masks.get(idx[i]);
            if (m.height() != h || m.width() != w) {
                throw new IllegalArgumentException("mask " + idx[i] + " is " + m.width() + "x" + m.height() + ", the batch is " + w + "x" + h);
            }
            boolean[] b = m.bits();
            boolean f = flip != null && flip[i];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[i * h * w + y * w + x] = b[y * w + (f ? w - 1 - x : x)] ? 1f : 0f;
                }
            }
        }
        return Tensor.fromArray(out, idx.length, 1, h, w);
    }

    /** {@code [from, from + n)} as an index array. */
    public static int[] range(int from, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
