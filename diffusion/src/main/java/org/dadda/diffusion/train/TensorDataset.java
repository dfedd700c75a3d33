package org.dadda.diffusion.train;

import java.util.Arrays;
import java.util.List;
import org.dadda.nn.train.BatchSampler;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * An in-memory dataset of images {@code [N, C, S, S]} in [-1, 1] with optional class labels and
 * masks, served as a {@link BatchSource}: the samples are visited epoch by epoch, each epoch in
 * a seeded random order ({@link BatchSampler#order(int)}), and batch {@code s} takes positions
 * {@code s*B .. s*B+B-1} of that endless stream, so any batch can be recomputed from its step.
 */
public final class TensorDataset implements BatchSource {
    private final Tensor images;
    private final int[] classes;
    private final Tensor masks;
    private final BatchSampler sampler;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    /** A dataset of {@code images} with optional {@code classes} and {@code masks} (null for none), shuffled by {@code seed}. */
    public TensorDataset(Tensor images, int[] classes, Tensor masks, long seed) {
        Batch whole = new Batch(images, classes, masks);
        this.images = whole.images();
        this.classes = whole.classes();
        this.masks = whole.masks();
        this.sampler = new BatchSampler(images.size(0), 1, true, false, seed);
    }

    /** Number of samples. */
    public int size() {
        return images.size(0);
    }

    /** The images (shared, not copied). */
    public Tensor images() {
        return images;
    }

    /** The class labels (a copy), or null. */
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    /** The masks (shared), or null. */
    public Tensor masks() {
        return masks;
    }

    private synchronized int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            cachedOrder = sampler.order(epoch);
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /** The sample indices of batch {@code step}. */
    public int[] indices(long step, int batchSize) {
        if (step < 0 || batchSize < 1) {
            throw new IllegalArgumentException("TensorDataset: step must be >= 0 and batch size >= 1, got " + step + ", " + batchSize);
        }
        int n = size();
        int[] idx = new int[batchSize];
        for (int j = 0; j < batchSize; j++) {
            long pos = step * batchSize + j;
            idx[j] = order((int) (pos / n))[(int) (pos % n)];
        }
        return idx;
    }

    @Override
    public Batch batch(long step, int batchSize) {
        int[] idx = indices(step, batchSize);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            int[] c = null;
            if (classes != null) {
                c = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    c[i] = classes[idx[i]];
                }
            }
            return new Batch(images.indexSelect(0, idx), c, masks == null ? null : masks.indexSelect(0, idx));
        }
    }

    /** A dataset of the images in {@code list} (each {@code [C, S, S]}), for small collections. */
    public static TensorDataset ofImages(List<Tensor> list, long seed) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("TensorDataset: no images");
        }
        return new TensorDataset(Tensor.stack(list, 0), null, null, seed);
    }

    @Override
    public String toString() {
        return "TensorDataset" + Arrays.toString(images.shape()) + (classes != null ? " with classes" : "")
                + (masks != null ? " with masks" : "");
    }
}
