package org.dadda.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.dadda.nn.Layer;
import org.dadda.nn.layers.AdaptiveAvgPool2d;
import org.dadda.nn.layers.AttentionBlock;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Flatten;
import org.dadda.nn.layers.GELU;
import org.dadda.nn.layers.Linear;
import org.dadda.nn.layers.MultiHeadAttention;
import org.dadda.nn.layers.Sequential;
import org.dadda.nn.layers.SiLU;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same weights, bit for bit, however warm the JIT is: one JVM trains the
 * same small model {@link #RUNS} times from the same seed and compares every later run with the
 * first. Run alone, the first run executes interpreted and in C1 and the later ones in C2 code (on
 * two cores, C2 compiles the elementwise kernels after about 20 runs); after other test classes the
 * first run may already be warm, so this test alone does not prove JIT independence.
 * (The tensor module's {@code JitDeterminismTest} forces the cold/C2 contrast in fresh JVMs; this
 * test covers the layers' composition of the kernels: batch norm with its running statistics, max
 * pooling, strided convolutions, self-attention on images and tokens, Adam.)
 */
class TrainingDeterminismTest {
    /** Runs per model: on two busy cores C2 takes over the elementwise kernels after about 20 runs of this size. */
    private static final int RUNS = 40;
    private static final int STEPS = 15;

    /** The parameters and buffers of the model from {@code factory} after {@link #STEPS} Adam steps on seeded batches. */
    private static Map<String, float[]> train(Function<Rng, Layer> factory, int size) {
        Rng rng = new Rng(41);
        Layer net = factory.apply(rng.fork(1));
        net.train(true);
        Adam opt = new Adam(net, 2e-3);
        Rng data = rng.fork(2);
        for (int step = 0; step < STEPS; step++) {
            Tensor x = Tensor.randn(data, 6, 3, size, size);
            int[] labels = new int[6];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.nextInt(4);
            }
            Tensor loss = Functional.crossEntropy(net.forward(x), labels);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> state.put(k, v.toArray()));
        return state;
    }

    /** The first element whose raw float bits differ, or null. */
    private static String firstDifference(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (Map.Entry<String, float[]> e : a.entrySet()) {
            float[] x = e.getValue();
            float[] y = b.get(e.getKey());
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    return e.getKey() + "[" + i + "]: " + x[i] + " vs " + y[i];
                }
            }
        }
        return null;
    }

    private static void assertRepeatable(Function<Rng, Layer> factory, int size) {
        Map<String, float[]> first = train(factory, size);
        for (int r = 2; r <= RUNS; r++) {
            assertNull(firstDifference(first, train(factory, size)), "run 1 vs run " + r);
        }
    }

    @Test
    void resNetWithBatchNormAndMaxPoolTrainsToTheSameBits() {
        assertRepeatable(rng -> new ResNet(new int[] {1, 1, 1, 1}, 3, 4, ResNet.Stem.IMAGENET, 8, rng), 32);
    }

    @Test
    void attentionNetworkTrainsToTheSameBits() {
        assertRepeatable(rng -> new Sequential(new Conv2d(3, 16, 3, 1, 1, rng), new SiLU(), new AttentionBlock(16, 4, 2, 8, rng),
                new MultiHeadAttention(16, 2, 8, rng), new GELU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(16, 4, rng)), 8);
    }

    @Test
    void segmentationUNetTrainsToTheSameBits() {
        assertRepeatable(rng -> new Sequential(new SegmentationUNet(3, 8, 3, SegmentationUNet.Norm.BATCH, rng),
                new AdaptiveAvgPool2d(2), new Flatten(), new Linear(4, 4, rng)), 16);
    }
}
