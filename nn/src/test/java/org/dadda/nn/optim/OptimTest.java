package org.dadda.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.nn.Parameter;
import org.dadda.nn.layers.BatchNorm2d;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Sequential;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Schedules, EMA and argument checks of the optimizers. */
class OptimTest {
    @Test
    void schedules() {
        LrSchedule w = LrSchedule.linearWarmup(1e-3, 4);
        assertEquals(0.25e-3, w.lr(0), 1e-15);
        assertEquals(1e-3, w.lr(3), 1e-15);
        assertEquals(1e-3, w.lr(1000), 1e-15);
        LrSchedule c = LrSchedule.cosine(1.0, 100, 0.1);
        assertEquals(1.0, c.lr(0), 1e-12);
        assertEquals(0.55, c.lr(50), 1e-12);
        assertEquals(0.1, c.lr(100), 1e-12);
        assertEquals(0.1, c.lr(500), 1e-12);
        LrSchedule wc = LrSchedule.warmupCosine(2.0, 10, 110, 0);
        assertEquals(0.2, wc.lr(0), 1e-12);
        assertEquals(2.0, wc.lr(10), 1e-12);
        assertEquals(1.0, wc.lr(60), 1e-12);
        assertEquals(0.0, wc.lr(110), 1e-12);
        assertEquals(3e-4, LrSchedule.constant(3e-4).lr(123), 0);
        SGD opt = new SGD(new Conv2d(1, 1, 1, new Rng(0)), 1.0);
        assertEquals(0.5e-3, w.apply(opt, 1), 1e-15);
        assertEquals(0.5e-3, opt.lr(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmupCosine(1, 10, 10, 0));
    }

    @Test
    void emaAveragesParametersCopiesBuffersAndSwaps() {
        Rng rng = new Rng(1);
        Sequential model = new Sequential(new Conv2d(1, 2, 1, rng), new BatchNorm2d(2));
        Parameter w = model.namedParameters().get("0.weight");
        float[] w0 = w.value().toArray();
        Ema ema = new Ema(model, 0.9);
        // Move the live weight by +1 and run a batch through batch norm to change its statistics.
        w.value().addInPlace(Tensor.ones(w.shape()), 1);
        model.forward(Tensor.randn(rng, 4, 1, 3, 3));
        ema.update();
        float[] shadowW = ema.shadow().get("0.weight").toArray();
        for (int i = 0; i < w0.length; i++) {
            assertEquals(w0[i] + 0.1f, shadowW[i], 1e-6);
        }
        assertArrayEquals(model.stateDict().get("1.running_mean").toArray(), ema.shadow().get("1.running_mean").toArray());
        float[] live = w.value().toArray();
        try (Ema.Swap s = ema.swapIn()) {
            assertArrayEquals(shadowW, w.value().toArray());
        }
        assertArrayEquals(live, w.value().toArray());
        Sequential copy = new Sequential(new Conv2d(1, 2, 1, new Rng(9)), new BatchNorm2d(2));
        ema.copyTo(copy);
        assertArrayEquals(shadowW, copy.namedParameters().get("0.weight").value().toArray());

        Ema restored = new Ema(model, 0.9);
        restored.loadStateDict(ema.stateDict());
        assertEquals(1, restored.updates());
        assertArrayEquals(shadowW, restored.shadow().get("0.weight").toArray());
        assertThrows(IllegalArgumentException.class, () -> new Ema(model, 1.0));
    }

    @Test
    void clippingRefusesNonFiniteWhenAsked() {
        Parameter p = new Parameter(Tensor.zeros(2));
        p.value().setGrad(Tensor.fromArray(new float[] {Float.NaN, 1}, 2));
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(java.util.List.of(p), 1, true));
        assertTrue(Double.isNaN(GradClip.clipGradNorm(java.util.List.of(p), 1)));
    }

    @Test
    void stateLoadingChecksKeysAndShapes() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("w", new Parameter(Tensor.zeros(3)));
        Adam adam = new Adam(ps, 0.1, 0.9, 0.999, 1e-8, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadStateDict(Map.of("v.exp_avg", Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("v.exp_avg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(Map.of("w.step", Tensor.scalar(1),
                "w.exp_avg", Tensor.zeros(2), "w.exp_avg_sq", Tensor.zeros(3))));
        assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(Map.of("w.step", Tensor.scalar(1))));
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, -1, 0.9, 0.999, 1e-8, 0));
        SGD sgd = new SGD(ps, 0.1, 0.9, 0, 0, false);
        assertTrue(sgd.stateDict().isEmpty(), "no momentum buffer before the first step");
    }
}
