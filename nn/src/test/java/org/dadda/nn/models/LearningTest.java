package org.dadda.nn.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dadda.nn.metrics.BinaryMetrics;
import org.dadda.nn.metrics.ClassificationMetrics;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The models learn small generated tasks: a narrow ResNet classifies stripe patterns, the
 * segmentation U-Net finds blobs in noise. Seeded, a few seconds each on two cores.
 */
class LearningTest {
    /** Images {@code [n, 1, size, size]} with labels. */
    record Batch(Tensor images, int[] labels) {
    }

    /**
     * Four classes of 16x16 patterns under noise: horizontal, vertical and diagonal stripes and a
     * checkerboard, each with a random period (3 to 5 pixels), phase and contrast.
     */
    static Batch stripes(Rng rng, int n) {
        int size = 16;
        float[] px = new float[n * size * size];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int c = rng.nextInt(4);
            labels[k] = c;
            int period = 3 + rng.nextInt(3);
            int phase = rng.nextInt(period);
            double contrast = 0.6 + 0.6 * rng.nextDouble();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int coord = switch (c) {
                        case 0 -> y;
                        case 1 -> x;
                        case 2 -> x + y;
                        default -> 0;
                    };
                    boolean on = c == 3 ? ((x + phase) / period + (y + phase) / period) % 2 == 0 : (coord + phase) % period < period / 2.0;
                    px[(k * size + y) * size + x] = (float) ((on ? contrast : -contrast) / 2 + 0.25 * rng.nextGaussian());
                }
            }
        }
        return new Batch(Tensor.fromArray(px, n, 1, size, size), labels);
    }

    @Test
    void narrowResNetClassifiesStripes() {
        Rng rng = new Rng(2024);
        ResNet net = new ResNet(new int[] {1, 1, 1, 1}, 1, 4, ResNet.Stem.SMALL, 8, rng.fork(1));
        Adam opt = new Adam(net, 3e-3);
        Rng data = rng.fork(2);
        for (int step = 0; step < 60; step++) {
            Batch b = stripes(data, 32);
            Tensor loss = Functional.crossEntropy(net.forward(b.images()), b.labels());
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        net.eval();
        Batch test = stripes(rng.fork(3), 200);
        int[] predicted;
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            predicted = net.forward(test.images()).argmax(1);
        }
        double acc = ClassificationMetrics.accuracy(test.labels(), predicted);
        assertTrue(acc >= 0.95, "test accuracy " + acc);
    }

    /** Images {@code [n, 1, size, size]} of noise with 1-3 brighter elliptic blobs, and their masks. */
    record Segmentation(Tensor images, Tensor masks) {
    }

    static Segmentation blobs(Rng rng, int n, int size) {
        float[] px = new float[n * size * size];
        float[] mask = new float[px.length];
        for (int k = 0; k < n; k++) {
            int count = 1 + rng.nextInt(3);
            double[][] e = new double[count][];
            for (int j = 0; j < count; j++) {
                e[j] = new double[] {3 + rng.nextDouble() * (size - 6), 3 + rng.nextDouble() * (size - 6),
                    1.5 + rng.nextDouble() * 3, 1.5 + rng.nextDouble() * 3};
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean in = false;
                    for (double[] b : e) {
                        double dx = (x - b[0]) / b[2];
                        double dy = (y - b[1]) / b[3];
                        in |= dx * dx + dy * dy <= 1;
                    }
                    int i = (k * size + y) * size + x;
                    mask[i] = in ? 1 : 0;
                    px[i] = (float) ((in ? 0.7 : 0) + 0.35 * rng.nextGaussian());
                }
            }
        }
        return new Segmentation(Tensor.fromArray(px, n, 1, size, size), Tensor.fromArray(mask, n, 1, size, size));
    }

    @Test
    void segmentationUNetFindsBlobs() {
        Rng rng = new Rng(77);
        SegmentationUNet net = new SegmentationUNet(1, 8, 3, SegmentationUNet.Norm.GROUP, rng.fork(1));
        Adam opt = new Adam(net, 3e-3);
        Rng data = rng.fork(2);
        for (int step = 0; step < 150; step++) {
            Segmentation b = blobs(data, 8, 32);
            Tensor loss = Functional.bceWithLogits(net.forward(b.images()), b.masks(), 1);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        net.eval();
        Segmentation test = blobs(rng.fork(3), 16, 32);
        float[] scores;
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            scores = net.forward(test.images()).toArray();
        }
        float[] m = test.masks().toArray();
        int[] labels = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            labels[i] = (int) m[i];
        }
        double ap = BinaryMetrics.averagePrecision(scores, labels);
        double rawAp = BinaryMetrics.averagePrecision(test.images().toArray(), labels);
        assertTrue(ap >= 0.9, "pixel AP " + ap + " (the raw intensities give " + rawAp + ")");
        assertTrue(ap > rawAp + 0.05, "the network must beat thresholding the raw image: " + ap + " vs " + rawAp);
    }
}
