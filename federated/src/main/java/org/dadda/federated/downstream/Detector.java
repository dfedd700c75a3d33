package org.dadda.federated.downstream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.nn.models.SegmentationUNet;
import org.dadda.nn.optim.Optimizer;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;

/**
 * The detection/localization network F_det/loc (eq. 8): a segmentation U-Net mapping an image to
 * a per-pixel anomaly map, trained with per-pixel binary cross-entropy on normal images (empty
 * masks) and defective images with their masks. The image-level score, for detection, is the
 * map's maximum (Sec. IV-A: "determining whether an image is anomalous from the anomaly mask").
 */
public final class Detector {
    private Detector() {
    }

    /** A U-Net of base {@code width} with as many levels as the resolution allows, up to five. */
    public static SegmentationUNet build(int width, int resolution, long seed) {
        int levels = 1;
        while (levels < 5 && resolution % (1 << levels) == 0 && (resolution >> levels) >= 4) {
            levels++;
        }
        return new SegmentationUNet(3, width, levels, SegmentationUNet.Norm.GROUP, new Rng(seed));
    }

    /**
     * The weight of defective pixels in the loss: the square root of the negative-to-positive
     * pixel ratio of the training masks, between 1 and 20, so that small defects are not ignored.
     */
    public static double positiveWeight(List<Mask> masks) {
        long pos = 0;
        long all = 0;
        for (Mask m : masks) {
            pos += m.count();
            all += (long) m.height() * m.width();
        }
        if (pos == 0) {
            return 1;
        }
        return Math.max(1, Math.min(20, Math.sqrt((all - pos) / (double) pos)));
    }

    /** One epoch of the optimizer over every image in batches drawn from {@code rng}, with random flips. */
    public static double trainEpoch(SegmentationUNet model, Optimizer opt, List<Image> images, List<Mask> masks, int batch,
                                    double posWeight, Rng rng) {
        model.train(true);
        int[] order = ImageBatches.range(0, images.size());
        rng.shuffle(order);
        double lossSum = 0;
        int batches = 0;
        Workspace workspace = new Workspace();
        for (int s = 0; s < order.length; s += batch) {
            int[] idx = Arrays.copyOfRange(order, s, Math.min(order.length, s + batch));
            boolean[] flip = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                flip[i] = rng.nextDouble() < 0.5;
            }
            try (Workspace.Step step = workspace.step()) {
                Tensor logits = model.forward(ImageBatches.images(images, idx, flip));
                Tensor loss = Functional.bceWithLogits(logits, ImageBatches.masks(masks, idx, flip), posWeight);
                opt.zeroGrad();
                loss.backward();
                opt.step();
                lossSum += loss.item();
            }
            batches++;
        }
        return lossSum / Math.max(1, batches);
    }

    /** The anomaly maps (sigmoid of the logits), one row-major {@code H*W} array per image. */
    public static float[][] maps(SegmentationUNet model, List<Image> images) {
        model.eval();
        List<float[]> out = new ArrayList<>();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (int s = 0; s < images.size(); s += 16) {
                int n = Math.min(16, images.size() - s);
                float[] v = model.forward(ImageBatches.images(images, ImageBatches.range(s, n), null)).sigmoid().toArray();
                int px = v.length / n;
                for (int i = 0; i < n; i++) {
                    out.add(Arrays.copyOfRange(v, i * px, (i + 1) * px));
                }
            }
        }
        model.train(true);
        return out.toArray(new float[0][]);
    }

    /** The image-level anomaly score of a map: its maximum. */
    public static float imageScore(float[] map) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            m = Math.max(m, v);
        }
        return m;
    }
}
