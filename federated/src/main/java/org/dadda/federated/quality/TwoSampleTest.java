package org.dadda.federated.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.federated.downstream.ImageBatches;
import org.dadda.nn.layers.AdaptiveAvgPool2d;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Flatten;
import org.dadda.nn.layers.Linear;
import org.dadda.nn.layers.MaxPool2d;
import org.dadda.nn.layers.ReLU;
import org.dadda.nn.layers.Sequential;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;

/**
 * Classifier two-sample test (Lopez-Paz and Oquab, ICLR 2017): if a small network trained to
 * tell real from synthesized images cannot do better than chance on images it has not seen, the
 * two sets are indistinguishable at that network's capacity. Unlike FID it needs no pre-trained
 * feature extractor (none is available offline here), and its output is an accuracy with a
 * binomial standard error, which is meaningful at the tens of images a node has per defect type.
 *
 * <p>The sets are balanced first (the larger is subsampled) so that 0.5 is chance, and each side
 * is split in half: the network is trained on one half and scored on the other. Everything random
 * (subsampling, split, initialisation, batch order, flips) derives from one seed.
 */
public final class TwoSampleTest {
    /**
     * Below this many held-out images per side the accuracy's standard error exceeds about 0.11
     * (at 0.5), too wide to place it on either side of the 0.75 realism threshold.
     */
    public static final int LOW_POWER_HELD_OUT = 10;

    /**
     * The training budget; fixed and small so the test costs seconds, and equal for every type
     * so that accuracies are comparable.
     *
     * @param epochs passes over the training half
     * @param batch images per step
     * @param lr Adam learning rate
     * @param width channels of the first convolution (doubled once deeper)
     */
    public record Budget(int epochs, int batch, double lr, int width) {
        /** Validates the values. */
        public Budget {
            if (epochs < 1 || batch < 1 || width < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("two-sample budget needs positive epochs, batch, width and lr, got "
                        + epochs + ", " + batch + ", " + width + ", " + lr);
            }
        }

        /**
         * 30 epochs of batches of 8 at lr 3e-3 with width 8: about 5 s for 50+50 images at 64x64
         * on two cores. Batches of 16 at lr 2e-3 (half the steps) did not yet learn a faint
         * 4-pixel stripe on 64x64 noise (held-out 0.5); these settings tell it apart (1.0).
         */
        public static Budget defaults() {
            return new Budget(30, 8, 3e-3, 8);
        }
    }

    /**
     * The outcome.
     *
     * @param accuracy held-out accuracy (0.5 = indistinguishable, 1 = trivially told apart), NaN when not computed
     * @param standardError binomial standard error of {@code accuracy}, {@code sqrt(a(1-a)/n)}
     * @param pValue one-sided exact binomial p-value of {@code correct} against chance (0.5)
     * @param correct held-out images classified correctly
     * @param heldOutPerSide held-out images per side (real and synthesized alike)
     * @param trainPerSide training images per side
     * @param realAvailable real images given
     * @param synthesizedAvailable synthesized images given
     * @param channels channels the comparison used (1 when either side is grayscale)
     * @param lowPower fewer than {@link #LOW_POWER_HELD_OUT} held-out images per side
     * @param skipped why the test was not run, null when it was
     */
    public record Result(double accuracy, double standardError, double pValue, int correct, int heldOutPerSide,
                         int trainPerSide, int realAvailable, int synthesizedAvailable, int channels, boolean lowPower,
                         String skipped) {
        /** Whether an accuracy was computed. */
        public boolean computed() {
            return skipped == null;
        }

        /** The result as plain JSON values (NaN as null). */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accuracy", Jsons.num(accuracy));
            m.put("se", Jsons.num(standardError));
            m.put("p_value", Jsons.num(pValue));
            m.put("correct", correct);
            m.put("held_out_per_side", heldOutPerSide);
            m.put("train_per_side", trainPerSide);
            m.put("real_available", realAvailable);
            m.put("synthesized_available", synthesizedAvailable);
            m.put("channels", channels);
            m.put("low_power", lowPower);
            if (skipped != null) {
                m.put("skipped", skipped);
            }
            return m;
        }
    }

    private TwoSampleTest() {
    }

    /**
     * Runs the test.
     *
     * @param real real images
     * @param synthesized synthesized images, the same height and width as {@code real}
     * @param budget training budget
     * @param seed seed of everything random
     * @return the held-out accuracy with its counts; {@link Result#skipped} says why when fewer
     *     than two images are on either side
     * @throws IllegalArgumentException naming the first image whose size differs
     */
    public static Result run(List<Image> real, List<Image> synthesized, Budget budget, long seed) {
        int n = Math.min(real.size(), synthesized.size());
        if (n < 2) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, real.size(), synthesized.size(), 0, true,
                    "needs at least 2 images per side, got " + real.size() + " real and " + synthesized.size() + " synthesized");
        }
        Image first = real.get(0);
        int channels = 3;
        for (List<Image> side : List.of(real, synthesized)) {
            for (int i = 0; i < side.size(); i++) {
                Image im = side.get(i);
                if (im.height() != first.height() || im.width() != first.width()) {
                    throw new IllegalArgumentException("two-sample test: " + (side == real ? "real" : "synthesized") + " image " + i
                            + " is " + im.shapeString() + ", the first real one " + first.shapeString());
                }
                channels = Math.min(channels, im.channels());
            }
        }
        Rng rng = new Rng(seed);
        List<Image> r = common(pick(real, n, rng.fork(1)), channels);
        List<Image> s = common(pick(synthesized, n, rng.fork(2)), channels);
        int train = n / 2;
        int held = n - train;
        List<Image> trainImages = new ArrayList<>(r.subList(0, train));
        trainImages.addAll(s.subList(0, train));
        int[] labels = new int[2 * train];
        Arrays.fill(labels, train, 2 * train, 1);
        Sequential net = network(first.height(), first.width(), budget.width(), rng.fork(3));
        fit(net, trainImages, labels, budget, rng.fork(4));
        int correct = 0;
        correct += count(net, r.subList(train, n), 0);
        correct += count(net, s.subList(train, n), 1);
        int total = 2 * held;
        double acc = correct / (double) total;
        return new Result(acc, Math.sqrt(acc * (1 - acc) / total), binomialTail(correct, total), correct, held, train,
                real.size(), synthesized.size(), channels, held < LOW_POWER_HELD_OUT, null);
    }

    /** {@code n} of {@code images}, in a seeded random order (so the split below is random too). */
    private static List<Image> pick(List<Image> images, int n, Rng rng) {
        int[] order = ImageBatches.range(0, images.size());
        rng.shuffle(order);
        List<Image> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(images.get(order[i]));
        }
        return out;
    }

    /**
     * Grayscale when either side has grayscale images: a synthesizer that writes slightly unequal
     * RGB channels for a gray category would otherwise be caught by colour alone, which is not
     * the realism the downstream models care about.
     */
    private static List<Image> common(List<Image> images, int channels) {
        return channels == 1 ? images.stream().map(Image::toGray).toList() : images;
    }

    /**
     * Convolutions with ReLU, max-pooled down to about 8x8 (at most three times), then global
     * average pooling and a linear head: few parameters, so that it cannot memorise a few dozen
     * images into a fake "distinguishable" held-out score, and size-independent.
     */
    private static Sequential network(int h, int w, int width, Rng rng) {
        Sequential net = new Sequential();
        int in = 3;
        int out = width;
        int pools = 0;
        while (pools < 3 && Math.min(h, w) >> pools >= 16) {
            net.add(new Conv2d(in, out, 3, 1, 1, rng.fork(pools))).add(new ReLU()).add(new MaxPool2d(2));
            in = out;
            out = Math.min(2 * width, out * 2);
            pools++;
        }
        net.add(new Conv2d(in, out, 3, 1, 1, rng.fork(10))).add(new ReLU());
        net.add(new AdaptiveAvgPool2d(1)).add(new Flatten()).add(new Linear(out, 2, rng.fork(11)));
        return net;
    }

    private static void fit(Sequential net, List<Image> images, int[] labels, Budget b, Rng rng) {
        Adam opt = new Adam(net, b.lr());
        Workspace workspace = new Workspace();
        int[] order = ImageBatches.range(0, images.size());
        for (int e = 0; e < b.epochs(); e++) {
            rng.shuffle(order);
            for (int s = 0; s < order.length; s += b.batch()) {
                int[] idx = Arrays.copyOfRange(order, s, Math.min(order.length, s + b.batch()));
                boolean[] flip = new boolean[idx.length];
                int[] y = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    flip[i] = rng.nextDouble() < 0.5;
                    y[i] = labels[idx[i]];
                }
                try (Workspace.Step step = workspace.step()) {
                    Tensor loss = Functional.crossEntropy(net.forward(ImageBatches.images(images, idx, flip)), y);
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                }
            }
        }
    }

    /** How many of {@code images} the network assigns to {@code label}. */
    private static int count(Sequential net, List<Image> images, int label) {
        int hits = 0;
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (int s = 0; s < images.size(); s += 32) {
                int n = Math.min(32, images.size() - s);
                float[] v = net.forward(ImageBatches.images(images, ImageBatches.range(s, n), null)).toArray();
                for (int i = 0; i < n; i++) {
                    int predicted = v[2 * i + 1] > v[2 * i] ? 1 : 0;
                    hits += predicted == label ? 1 : 0;
                }
            }
        }
        return hits;
    }

    /** {@code P(X >= k)} for {@code X ~ Binomial(n, 1/2)}, summed in log space so large {@code n} cannot overflow. */
    static double binomialTail(int k, int n) {
        double sum = 0;
        double logHalfN = n * Math.log(0.5);
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logChoose(n, i) + logHalfN);
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
