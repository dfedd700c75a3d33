package org.dadda.federated.downstream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.federated.fedavg.LocalTrainer;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.models.ResNet;
import org.dadda.nn.optim.Adam;
import org.dadda.nn.optim.Optimizer;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;

/**
 * The defect-type classifier F_cls (eq. 8): a ResNet trained with Adam and cross-entropy on
 * defective images labelled by defect type, with random left-right flips.
 */
public final class Classifier {
    private Classifier() {
    }

    /**
     * A ResNet of {@code depth} (18 or 34) and base {@code width} for {@code classes} classes,
     * with torchvision's stem when {@code imagenetStem} (needed for pre-trained weights and large
     * images) and the small-image stem otherwise.
     */
    public static ResNet build(int depth, int width, boolean imagenetStem, int classes, long seed) {
        int[] blocks = switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34 -> new int[] {3, 4, 6, 3};
            default -> throw new IllegalArgumentException("classifier depth must be 18 or 34, got " + depth);
        };
        return new ResNet(blocks, 3, classes, imagenetStem ? ResNet.Stem.IMAGENET : ResNet.Stem.SMALL, width, new Rng(seed));
    }

    /**
     * Loads a user's pre-trained ResNet ({@code --init}, torchvision names such as
     * {@code layer1.0.conv1.weight}) into {@code model}, all but the final {@code fc} layer, whose
     * classes differ. The paper's "pre-training" is ImageNet weights; without them models train
     * from scratch (its NoP rows).
     *
     * @throws IllegalArgumentException naming the file and the entries that are missing or mis-shaped
     */
    public static void loadPretrained(ResNet model, Path file) {
        Map<String, Tensor> loaded = WeightsIo.load(file);
        Map<String, Tensor> own = model.stateDict();
        Map<String, Tensor> use = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (var e : own.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("fc.")) {
                continue;
            }
            Tensor t = loaded.get(k);
            if (t == null) {
                missing.add(k);
            } else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                missing.add(k + " (shape " + Arrays.toString(t.shape()) + ", need " + Arrays.toString(e.getValue().shape()) + ")");
            } else {
                use.put(k, t);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--init " + file + " does not fit the classifier: "
                    + (missing.size() > 8 ? missing.subList(0, 8) + " and " + (missing.size() - 8) + " more" : missing)
                    + " (expected a torchvision ResNet-18/34 state dict)");
        }
        model.loadStateDict(use, false);
    }

    /** One epoch of Adam over {@code indices} of {@code train} in batches drawn from {@code rng}. */
    public static double trainEpoch(ResNet model, Optimizer opt, LabelledImages train, int[] indices, int batch, Rng rng) {
        model.train(true);
        int[] order = indices.clone();
        rng.shuffle(order);
        double lossSum = 0;
        int batches = 0;
        Workspace workspace = new Workspace();
        for (int s = 0; s < order.length; s += batch) {
            int[] idx = Arrays.copyOfRange(order, s, Math.min(order.length, s + batch));
            if (idx.length < 2 && order.length > 1) {
                continue; // batch norm needs two samples; the sample is seen again next epoch
            }
            boolean[] flip = new boolean[idx.length];
            int[] y = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                flip[i] = rng.nextDouble() < 0.5;
                y[i] = train.labels()[idx[i]];
            }
            try (Workspace.Step step = workspace.step()) {
                Tensor loss = Functional.crossEntropy(model.forward(ImageBatches.images(train.images(), idx, flip)), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
                lossSum += loss.item();
            }
            batches++;
        }
        return batches == 0 ? Double.NaN : lossSum / batches;
    }

    /** A FedAvg local update: a fresh Adam at {@code lr} for every call, epochs over the client's shard. */
    public static LocalTrainer localTrainer(LabelledImages train, double lr) {
        return (model, shard, epochs, batch, rng) -> {
            ResNet net = (ResNet) model;
            Optimizer opt = new Adam(net, lr);
            for (int e = 0; e < epochs; e++) {
                trainEpoch(net, opt, train, shard.indices(), batch, rng);
            }
        };
    }

    /** Class probabilities {@code [n][classes]} of {@code images}, in evaluation mode. */
    public static float[][] probabilities(ResNet model, List<Image> images) {
        model.eval();
        float[][] out = new float[images.size()][];
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (int s = 0; s < images.size(); s += 32) {
                int n = Math.min(32, images.size() - s);
                Tensor p = model.forward(ImageBatches.images(images, ImageBatches.range(s, n), null)).softmax(1);
                float[] v = p.toArray();
                int k = v.length / n;
                for (int i = 0; i < n; i++) {
                    out[s + i] = Arrays.copyOfRange(v, i * k, (i + 1) * k);
                }
            }
        }
        model.train(true);
        return out;
    }

    /** The most probable class of each image. */
    public static int[] predict(ResNet model, List<Image> images) {
        float[][] p = probabilities(model, images);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Fraction of {@code test} classified correctly. */
    public static double accuracy(ResNet model, LabelledImages test) {
        int[] pred = predict(model, test.images());
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            ok += pred[i] == test.labels()[i] ? 1 : 0;
        }
        return pred.length == 0 ? Double.NaN : ok / (double) pred.length;
    }
}
