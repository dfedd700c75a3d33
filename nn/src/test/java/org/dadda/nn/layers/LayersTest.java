package org.dadda.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dadda.nn.Module;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Names, initialisation, modes and argument checks of the layers. */
class LayersTest {
    @Test
    void defaultInitialisationHasPyTorchBoundsAndIsSeeded() {
        Conv2d c = new Conv2d(8, 16, 3, 1, 1, new Rng(3));
        double bound = 1 / Math.sqrt(8 * 9);
        float[] w = c.weight().value().toArray();
        double max = 0;
        double sumSq = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
            sumSq += v * v;
        }
        assertTrue(max <= bound && max > 0.95 * bound, "weights fill U(-b, b), max " + max + " vs bound " + bound);
        // The variance of U(-b, b) is b^2 / 3.
        assertEquals(bound * bound / 3, sumSq / w.length, 0.1 * bound * bound / 3);
        for (float v : c.bias().value().toArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        assertArrayEquals(w, new Conv2d(8, 16, 3, 1, 1, new Rng(3)).weight().value().toArray());
        assertNotEquals(w[0], new Conv2d(8, 16, 3, 1, 1, new Rng(4)).weight().value().toArray()[0]);
        assertEquals(1 / Math.sqrt(5), maxAbs(new Linear(5, 400, new Rng(1)).weight().value()), 0.01);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void stateDictNamesFollowPyTorch() {
        Rng rng = new Rng(0);
        Sequential s = new Sequential(new Conv2d(3, 4, 3, 1, 1, false, rng), new BatchNorm2d(4), new ReLU(),
                new Flatten(), new Linear(4 * 25, 2, rng));
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
                "4.weight", "4.bias"), List.copyOf(s.stateDict().keySet()));
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "4.weight", "4.bias"), List.copyOf(s.namedParameters().keySet()));
        assertArrayEquals(new int[] {2, 2}, s.forward(Tensor.zeros(2, 3, 5, 5)).shape());
        AttentionBlock ab = new AttentionBlock(8, 4, 2, 4, rng);
        assertEquals(List.of("norm.weight", "norm.bias", "attn.q_proj.weight", "attn.q_proj.bias", "attn.k_proj.weight",
                "attn.k_proj.bias", "attn.v_proj.weight", "attn.v_proj.bias", "attn.out_proj.weight", "attn.out_proj.bias"),
                List.copyOf(ab.stateDict().keySet()));
        assertEquals(8 * 2 + 3 * (8 * 8 + 8) + 8 * 8 + 8, ab.parameterCount());
    }

    @Test
    void batchNormCountsTrainingBatchesOnly() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.randn(new Rng(5), 3, 2, 2, 2);
        bn.forward(x);
        bn.forward(x);
        assertEquals(2, bn.numBatchesTracked());
        bn.eval();
        bn.forward(x);
        assertEquals(2, bn.numBatchesTracked());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 3, 2, 2)));
    }

    @Test
    void dropoutIsSeededAndOffInEvaluation() {
        Tensor x = Tensor.ones(1000);
        Dropout a = new Dropout(0.3, new Rng(9));
        Dropout b = new Dropout(0.3, new Rng(9));
        float[] ya = a.forward(x).toArray();
        assertArrayEquals(ya, b.forward(x).toArray());
        int zeros = 0;
        for (float v : ya) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.7, v, 1e-6);
            }
        }
        assertTrue(zeros > 240 && zeros < 360, "about 30% dropped, got " + zeros);
        a.eval();
        assertArrayEquals(x.toArray(), a.forward(x).toArray());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, new Rng(0)));
    }

    @Test
    void embeddingLooksUpRowsAndRoutesGradients() {
        Embedding e = new Embedding(5, 3, new Rng(2));
        Tensor out = e.forward(new int[] {4, 1, 4});
        assertArrayEquals(new int[] {3, 3}, out.shape());
        assertEquals(e.weight().value().get(4, 2), out.get(2, 2));
        out.sum().backward();
        assertEquals(2f, e.weight().grad().get(4, 0));
        assertEquals(0f, e.weight().grad().get(0, 0));
        assertThrows(IllegalArgumentException.class, () -> e.forward(new int[] {5}));
    }

    @Test
    void attentionAcceptsTokensAndMapsAndChecksShapes() {
        Rng rng = new Rng(4);
        MultiHeadAttention self = new MultiHeadAttention(8, 2, 4, rng);
        Tensor map = Tensor.randn(rng, 2, 8, 3, 2);
        Tensor tokens = map.reshape(2, 8, 6).permute(0, 2, 1);
        Tensor fromMap = self.forward(map);
        Tensor fromTokens = self.forward(tokens);
        assertArrayEquals(map.shape(), fromMap.shape());
        assertArrayEquals(fromTokens.permute(0, 2, 1).reshape(2, 8, 3, 2).toArray(), fromMap.toArray(), 1e-6f);
        MultiHeadAttention cross = new MultiHeadAttention(8, 5, 2, 4, false, rng);
        assertArrayEquals(map.shape(), cross.forward(map, Tensor.zeros(2, 7, 5)).shape());
        assertThrows(IllegalArgumentException.class, () -> cross.forward(map, Tensor.zeros(2, 7, 6)));
        assertThrows(IllegalArgumentException.class, () -> cross.forward(map, Tensor.zeros(3, 7, 5)));
    }

    @Test
    void badConfigurationsNameTheProblem() {
        Rng rng = new Rng(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(6, 4, 3, 1, 1, 1, 4, true, rng));
        assertTrue(e.getMessage().contains("groups 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(32, 48));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 4).forward(Tensor.zeros(1, 6, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3, rng));
        assertThrows(IllegalArgumentException.class, () -> new Upsample(0));
    }

    @Test
    void modeSwitchReachesEveryDescendant() {
        Sequential s = new Sequential(new Sequential(new Dropout(0.5, new Rng(1))), new Identity());
        s.eval();
        for (Module m : List.of(s.get(0), ((Sequential) s.get(0)).get(0), s.get(1))) {
            assertTrue(!m.isTraining());
        }
    }
}
