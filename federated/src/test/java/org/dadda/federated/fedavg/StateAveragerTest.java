package org.dadda.federated.fedavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StateAveragerTest {
    private static Map<String, Tensor> state(float[] w, float[] mean, float[] var) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.fromArray(w, 2, 2));
        m.put("bn.running_mean", Tensor.fromArray(mean, 2));
        m.put("bn.running_var", Tensor.fromArray(var, 2));
        return m;
    }

    @Test
    void weightedByCountsIncludingBatchNormBuffers() {
        // Hand-made weights chosen so every average is exact in binary floating point.
        var a = state(new float[] {1, 2, 3, 4}, new float[] {0, 8}, new float[] {1, 1});
        var b = state(new float[] {5, 6, 7, 8}, new float[] {4, 0}, new float[] {3, 5});
        var c = state(new float[] {-3, 2, 0, 0}, new float[] {2, 2}, new float[] {1, 1});
        var avg = StateAverager.weightedMean(List.of(a, b, c), new long[] {1, 3, 0});
        assertArrayEquals(new float[] {4, 5, 6, 7}, avg.get("fc.weight").toArray());
        assertArrayEquals(new float[] {3, 2}, avg.get("bn.running_mean").toArray());
        assertArrayEquals(new float[] {2.5f, 4}, avg.get("bn.running_var").toArray());
        var avg2 = StateAverager.weightedMean(List.of(a, c), new long[] {1, 1});
        assertArrayEquals(new float[] {-1, 2, 1.5f, 2}, avg2.get("fc.weight").toArray());
    }

    @Test
    void refusesMismatchedStates() {
        var a = state(new float[] {1, 2, 3, 4}, new float[] {0, 8}, new float[] {1, 1});
        Map<String, Tensor> b = new LinkedHashMap<>(a);
        b.put("fc.weight", Tensor.zeros(4));
        var e = assertThrows(IllegalArgumentException.class, () -> StateAverager.weightedMean(List.of(a, b), new long[] {1, 1}));
        assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
        Map<String, Tensor> c = new LinkedHashMap<>(a);
        c.remove("bn.running_var");
        assertThrows(IllegalArgumentException.class, () -> StateAverager.weightedMean(List.of(a, c), new long[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> StateAverager.weightedMean(List.of(a, a), new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> StateAverager.weightedMean(List.of(a), new long[] {1, 1}));
    }
}
