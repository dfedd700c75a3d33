package org.dadda.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.train.Batch;
import org.dadda.diffusion.train.DdpmTrainer;
import org.dadda.diffusion.train.GatedFineTuner;
import org.dadda.diffusion.train.TrainConfig;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The {@link Conditioning} choice: the paper's path unchanged, the spatial path starting as the identity and learning. */
class SpatialConditioningTest {
    private static final UNetConfig BASE = UNetConfig.tiny(16, 3, 8);
    private static final int[] T = {10, 500};

    private static Tensor input() {
        return Tensor.randn(new Rng(3), 2, 3, 16, 16);
    }

    private static List<Tensor> masks() {
        Rng rng = new Rng(4);
        float[] r = new float[2 * 16 * 16];
        for (int y = 3; y < 9; y++) {
            for (int x = 5; x < 12; x++) {
                r[y * 16 + x] = 1f;
                r[256 + x * 16 + y] = 1f;
            }
        }
        Tensor rect = Tensor.fromArray(r, 2, 1, 16, 16);
        return List.of(Tensor.rand(rng, 2, 1, 16, 16).gt(0.7), Tensor.zeros(2, 1, 16, 16), Tensor.ones(2, 1, 16, 16), rect);
    }

    private static float[] run(AttentionUNet net, Tensor mask) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return net.forward(input(), T, null, mask).toArray();
        }
    }

    /** Sets every parameter {@code net} has beyond {@code plain} to small random values, so zero inits hide nothing. */
    private static void randomizeAdded(AttentionUNet net, AttentionUNet plain, long seed) {
        Rng r = new Rng(seed);
        Map<String, Parameter> base = plain.namedParameters();
        net.namedParameters().forEach((k, p) -> {
            if (!base.containsKey(k)) {
                p.value().copyFrom(Tensor.randn(r, p.value().shape()).mul(0.1));
            }
        });
    }

    @Test
    void paperPathIsTheOneOfBeforeTheConditioningChoice() {
        // Captured at commit 9070a15, before Conditioning existed, by this same computation: outputs 0, 100, 1000, their sum.
        Map<GateMode, double[]> golden = new LinkedHashMap<>();
        golden.put(GateMode.NONE, new double[] {-0.0014569685, -0.28233197, 0.6988129, 23.33044037828222});
        golden.put(GateMode.NORMAL, new double[] {-0.01689633, -0.035851225, 0.54388493, 23.290327578783035});
        golden.put(GateMode.DEFECT, new double[] {-0.016933404, -0.035938278, 0.5438515, 23.291590914595872});
        golden.put(GateMode.BOTH, new double[] {0.0024466515, -0.19568351, 0.6239215, 23.584442529827356});
        AttentionUNet plain = new AttentionUNet(UNetConfig.tiny(16, 3, 8), 7);
        Rng rng = new Rng(3);
        Tensor.randn(rng, 2, 3, 16, 16); // the input, drawn first as when the values were captured
        Tensor mask = Tensor.rand(rng, 2, 1, 16, 16).gt(0.7);
        golden.forEach((g, want) -> {
            UNetConfig cfg = UNetConfig.tiny(16, 3, 8).withGateMode(g);
            assertEquals(Conditioning.implied(g), cfg.conditioning());
            AttentionUNet net = new AttentionUNet(cfg, 7);
            randomizeAdded(net, plain, 11);
            float[] y = run(net, g.conditioned() ? mask : null);
            double sum = 0;
            for (float f : y) {
                sum += f;
            }
            // Tolerances leave room for kernel reorderings in the tensor engine, not for a changed network.
            assertEquals(want[0], y[0], 2e-6, g + " y[0]");
            assertEquals(want[1], y[100], 2e-6, g + " y[100]");
            assertEquals(want[2], y[1000], 2e-6, g + " y[1000]");
            assertEquals(want[3], sum, 1e-4, g + " sum");
            // The 13-argument configuration is the 14-argument one with the implied conditioning, bit for bit.
            UNetConfig explicit = new UNetConfig(16, 3, 3, 8, new int[] {1, 2}, 1, new int[] {8}, 2, 8, 8, 0, g,
                    new int[] {4, 8, 8}, g.conditioned() ? Conditioning.PAPER : Conditioning.NONE);
            assertEquals(cfg, explicit);
            AttentionUNet again = new AttentionUNet(explicit, 7);
            randomizeAdded(again, plain, 11);
            assertArrayEquals(y, run(again, g.conditioned() ? mask : null), 0f, g.name());
        });
    }

    @Test
    void freshSpatialPathComputesExactlyThePretrainedNetwork() {
        AttentionUNet plain = new AttentionUNet(BASE, 7);
        AttentionUNet spatial = new AttentionUNet(BASE.withConditioning(Conditioning.SPATIAL, GateMode.NONE), 7);
        AttentionUNet paper = new AttentionUNet(BASE.withGateMode(GateMode.BOTH), 7);
        AttentionUNet both = new AttentionUNet(BASE.withConditioning(Conditioning.BOTH, GateMode.BOTH), 7);
        // Trained-looking paper parameters (the same draw for PAPER and BOTH), so BOTH must add nothing to a non-trivial path.
        randomizeAdded(paper, plain, 11);
        Map<String, Tensor> paperState = paper.stateDict();
        both.namedParameters().forEach((k, p) -> {
            if (paperState.containsKey(k)) {
                p.value().copyFrom(paperState.get(k));
            }
        });
        float[] reference = run(plain, null);
        for (Tensor mask : masks()) {
            assertArrayEquals(reference, run(spatial, mask), 0f, "SPATIAL");
            assertArrayEquals(run(paper, mask), run(both, mask), 0f, "BOTH");
        }
    }

    @Test
    void conditionedNetworksKeepTheBaseAndPaperWeightsAndNameTheSpatialOnes() {
        Map<String, Tensor> plain = new AttentionUNet(BASE, 7).stateDict();
        Map<String, Tensor> paper = new AttentionUNet(BASE.withGateMode(GateMode.BOTH), 7).stateDict();
        Map<String, Tensor> both = new AttentionUNet(BASE.withConditioning(Conditioning.BOTH, GateMode.BOTH), 7).stateDict();
        Map<String, Tensor> spatial = new AttentionUNet(BASE.withConditioning(Conditioning.SPATIAL, GateMode.NONE), 7).stateDict();
        paper.forEach((k, v) -> assertArrayEquals(v.toArray(), both.get(k).toArray(), 0f, k));
        plain.forEach((k, v) -> assertArrayEquals(v.toArray(), spatial.get(k).toArray(), 0f, k));
        List<String> added = GatedFineTuner.newParameterNames(BASE, Conditioning.SPATIAL, GateMode.NONE);
        // tiny: 2 down, mid1, mid2 and 4 up residual blocks, each with stem, gamma, beta (weight and bias).
        assertEquals(8 * 6, added.size(), added.toString());
        assertTrue(added.stream().allMatch(n -> n.matches("(down|up)\\.\\d+\\.res\\.spade\\..*|mid1\\.res\\.spade\\..*|mid2\\.spade\\..*")),
                added.toString());
        assertTrue(added.contains("mid2.spade.gamma.weight"));
        assertEquals(plain.size() + added.size(), spatial.size());
        List<String> bothAdded = GatedFineTuner.newParameterNames(BASE, Conditioning.BOTH, GateMode.BOTH);
        assertEquals(paper.size() - plain.size() + added.size(), bothAdded.size());
        // PAPER without gates: the mask projection only (Table IV's "none" row).
        List<String> projOnly = GatedFineTuner.newParameterNames(BASE, Conditioning.PAPER, GateMode.NONE);
        assertTrue(projOnly.stream().anyMatch(n -> n.contains("mask_proj")));
        assertTrue(projOnly.stream().anyMatch(n -> n.startsWith("mask_embed.")));
        assertFalse(projOnly.stream().anyMatch(n -> n.contains("gate") || n.contains("encoder") || n.contains("spade")),
                projOnly.toString());
    }

    @Test
    void oneTrainingStepMovesTheSpatialHeadsAndTheNextTheStem() {
        UNetConfig cfg = UNetConfig.tiny(16, 1, 8).withConditioning(Conditioning.SPATIAL, GateMode.NONE);
        AttentionUNet net = new AttentionUNet(cfg, 5);
        Rng rng = new Rng(6);
        Tensor masks = Tensor.rand(rng, 4, 1, 16, 16).gt(0.6);
        Batch batch = new Batch(masks.affine(1.6, -0.8), null, masks);
        DdpmTrainer trainer = new DdpmTrainer(net, new GaussianDiffusion(NoiseSchedule.linear(100)),
                new TrainConfig(2, 4, 1e-3, 0, 0.9, 1.0, 0, 0, 1)).progressTo(null);
        Map<String, Tensor> stem0 = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> {
            if (k.contains(".spade.stem.")) {
                stem0.put(k, p.value().copy());
            }
        });
        trainer.trainStep(batch);
        net.namedParameters().forEach((k, p) -> {
            if (k.contains(".spade.gamma.") || k.contains(".spade.beta.")) {
                assertTrue(maxAbs(p.value()) > 0, k + " still zero after a step");
            }
        });
        trainer.trainStep(batch);
        stem0.forEach((k, v) -> assertNotEquals(0.0, maxAbs(v.sub(net.namedParameters().get(k).value())), k + " never moved"));
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float f : t.toArray()) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    @Test
    void configurationChecksCombinationsAndRoundTrips() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BASE.withConditioning(Conditioning.SPATIAL, GateMode.DEFECT));
        assertTrue(e.getMessage().contains("gateMode") && e.getMessage().contains("conditioning"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BASE.withConditioning(Conditioning.NONE, GateMode.BOTH));
        assertThrows(IllegalArgumentException.class, () -> BASE.withConditioning(null, GateMode.NONE));
        assertTrue(BASE.withConditioning(Conditioning.PAPER, GateMode.NONE).maskConditioned());
        assertFalse(BASE.maskConditioned());
        // withGateMode as before: gates switch the paper's path on and off, the spatial path stays.
        assertEquals(Conditioning.PAPER, BASE.withGateMode(GateMode.NORMAL).conditioning());
        assertEquals(Conditioning.NONE, BASE.withGateMode(GateMode.NORMAL).withGateMode(GateMode.NONE).conditioning());
        UNetConfig spatial = BASE.withConditioning(Conditioning.SPATIAL, GateMode.NONE);
        assertEquals(Conditioning.BOTH, spatial.withGateMode(GateMode.DEFECT).conditioning());
        assertEquals(spatial, spatial.withGateMode(GateMode.DEFECT).withGateMode(GateMode.NONE));
        for (Conditioning c : Conditioning.values()) {
            GateMode g = c.hasPaperPath() ? GateMode.DEFECT : GateMode.NONE;
            UNetConfig cfg = UNetConfig.reference(32, 32).withClasses(2).withConditioning(c, g);
            Map<String, Object> m = cfg.toMap();
            String name = c.name().toLowerCase(java.util.Locale.ROOT);
            assertEquals(c.conditioned() ? name : null, m.get("conditioning"), "an unconditioned map is the one of before");
            assertEquals(cfg, UNetConfig.fromMap(m));
            assertTrue(!c.conditioned() || cfg.toString().contains("conditioning=" + name), cfg.toString());
            assertTrue(new AttentionUNet(UNetConfig.tiny(16, 1, 8).withConditioning(c, g), 0).describe()
                    .contains("conditioning " + name));
        }
        // Manifests and checkpoints from before the field: the gates imply the conditioning.
        for (GateMode g : GateMode.values()) {
            Map<String, Object> old = new LinkedHashMap<>(UNetConfig.reference(32, 32).withGateMode(g).toMap());
            old.remove("conditioning");
            UNetConfig back = UNetConfig.fromMap(old);
            assertEquals(Conditioning.implied(g), back.conditioning());
            assertEquals(UNetConfig.reference(32, 32).withGateMode(g), back);
        }
        assertNotEquals(BASE.withConditioning(Conditioning.PAPER, GateMode.NONE), BASE);
        assertNotEquals(BASE.withConditioning(Conditioning.PAPER, GateMode.NONE).hashCode(), BASE.hashCode());
        assertEquals(Conditioning.BOTH, Conditioning.parse("Both"));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> Conditioning.parse("spade"));
        assertTrue(p.getMessage().contains("none, paper, spatial, both"), p.getMessage());
    }

    @Test
    void spatialNetworkNeedsAMask() {
        AttentionUNet net = new AttentionUNet(BASE.withConditioning(Conditioning.SPATIAL, GateMode.NONE), 1);
        assertThrows(IllegalArgumentException.class, () -> net.forward(input(), T));
        assertThrows(IllegalArgumentException.class,
                () -> GatedFineTuner.fromPretrained(BASE, new AttentionUNet(BASE, 1).stateDict(), Conditioning.NONE, GateMode.NONE, 1));
        assertThrows(IllegalArgumentException.class, () -> GatedFineTuner.fromPretrained(BASE.withConditioning(Conditioning.SPATIAL,
                GateMode.NONE), net.stateDict(), Conditioning.SPATIAL, GateMode.NONE, 1));
    }
}
