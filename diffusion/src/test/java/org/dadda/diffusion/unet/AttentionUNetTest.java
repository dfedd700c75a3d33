package org.dadda.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.Prediction;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AttentionUNetTest {

    @Test
    void parameterCountsEqualThePyTorchReference() {
        // bench_unet.py: ref-s (base 32, 32x32) and ref-m (base 64, 64x64), counted by PyTorch.
        assertEquals(4_397_187, new AttentionUNet(UNetConfig.reference(32, 32), 0).parameterCount());
        assertEquals(17_086_467, new AttentionUNet(UNetConfig.reference(64, 64), 0).parameterCount());
    }

    @Test
    void forwardKeepsShapeAndBackpropagatesToEveryParameter() {
        UNetConfig cfg = UNetConfig.tiny(8, 3, 8).withClasses(3);
        AttentionUNet net = new AttentionUNet(cfg, 1);
        Tensor x = Tensor.randn(new Rng(2), 2, 3, 8, 8);
        Tensor y = net.forward(x, new int[] {5, 900}, new int[] {0, 3}, null);
        assertArrayEquals(new int[] {2, 3, 8, 8}, y.shape());
        y.mul(y).mean().backward();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            assertNotNull(e.getValue().grad(), "no gradient reached " + e.getKey());
        }
    }

    @Test
    void conditionedNetworkSharesBaseWeightsAndStartsAsThePlainOne() {
        UNetConfig plainCfg = UNetConfig.tiny(16, 3, 8);
        AttentionUNet plain = new AttentionUNet(plainCfg, 7);
        AttentionUNet gated = new AttentionUNet(plainCfg.withGateMode(GateMode.BOTH), 7);
        Map<String, Tensor> gs = gated.stateDict();
        for (var e : plain.stateDict().entrySet()) {
            assertTrue(gs.containsKey(e.getKey()), "conditioned network lacks " + e.getKey());
            assertArrayEquals(e.getValue().toArray(), gs.get(e.getKey()).toArray(), 0f, e.getKey());
        }
        assertTrue(gated.parameterCount() > plain.parameterCount());
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 2, 3, 16, 16);
        Tensor mask = Tensor.rand(rng, 2, 1, 16, 16).gt(0.7);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            int[] t = {10, 500};
            assertArrayEquals(plain.forward(x, t).toArray(), gated.forward(x, t, null, mask).toArray(), 1e-5f);
        }
    }

    @Test
    void rejectsMismatchedInputs() {
        AttentionUNet net = new AttentionUNet(UNetConfig.tiny(8, 1, 8), 1);
        Tensor x = Tensor.zeros(1, 1, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 3, 8, 8), new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> net.forward(x, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> net.forward(x, new int[] {1}, new int[] {0}, null));
        assertThrows(IllegalArgumentException.class, () -> net.forward(x, new int[] {1}, null, Tensor.zeros(1, 1, 8, 8)));
        AttentionUNet gated = new AttentionUNet(UNetConfig.tiny(8, 1, 8).withGateMode(GateMode.DEFECT), 1);
        assertThrows(IllegalArgumentException.class, () -> gated.forward(x, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new UNetConfig(30, 3, 3, 8, new int[] {1, 2, 2}, 1, new int[0], 1, 8,
                8, 0, GateMode.NONE, new int[] {4, 4, 4}));
    }

    @Test
    void configRoundTripsThroughItsMap() {
        UNetConfig c = UNetConfig.reference(64, 64).withClasses(4).withGateMode(GateMode.NORMAL);
        assertEquals(c, UNetConfig.fromMap(c.toMap()));
        UNetConfig v = c.withPrediction(Prediction.V);
        assertEquals(v, UNetConfig.fromMap(v.toMap()));
        assertNotEquals(c, v, "a velocity network is not a noise network: a checkpoint of one must not load as the other");
        assertEquals("v", v.toMap().get("prediction"));
        assertFalse(c.toMap().containsKey("prediction"), "a noise network's map is the one written before the option existed");
    }

    @Test
    void aVelocityNetworkIsNotUsedAsANoisePredictorUnconverted() {
        AttentionUNet v = new AttentionUNet(UNetConfig.tiny(8, 1, 8).withPrediction(Prediction.V), 1);
        assertThrows(IllegalStateException.class, v::epsModel);
        Tensor x = Tensor.randn(new Rng(1), 2, 1, 8, 8);
        int[] t = {3, 700};
        GaussianDiffusion d = new GaussianDiffusion(NoiseSchedule.linear(1000));
        Tensor raw = v.forward(x, t);
        assertArrayEquals(d.epsFromV(x, t, raw).toArray(), v.epsModel(d, null, null).predictEps(x, t).toArray(), 1e-6f);
    }
}
