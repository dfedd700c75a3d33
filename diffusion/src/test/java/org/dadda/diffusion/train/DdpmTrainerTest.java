package org.dadda.diffusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.ToyPatterns;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DdpmTrainerTest {
    private static final UNetConfig CFG = UNetConfig.tiny(8, 1, 8).withClasses(2);
    private static final GaussianDiffusion DIFFUSION = new GaussianDiffusion(NoiseSchedule.linear(100));
    private static final TrainConfig TRAIN = new TrainConfig(6, 4, 1e-3, 2, 0.9, 0.5, 3, 0.3, 11);

    private static TensorDataset data() {
        return new TensorDataset(ToyPatterns.dataset(2, 5), ToyPatterns.labels(2, 5), null, 4);
    }

    private static void assertSameState(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (var e : a.entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.get(e.getKey()).toArray(), 0f, e.getKey());
        }
    }

    @Test
    void interruptedAndResumedTrainingEqualsStraightTraining(@TempDir Path dir) throws Exception {
        DdpmTrainer straight = new DdpmTrainer(new AttentionUNet(CFG, 1), DIFFUSION, TRAIN).progressTo(null);
        straight.train(data(), dir.resolve("straight"));

        Path run = dir.resolve("interrupted");
        DdpmTrainer first = new DdpmTrainer(new AttentionUNet(CFG, 1), DIFFUSION, TRAIN).progressTo(null);
        first.train(data(), run, 4); // checkpoint at 3; step 4 is lost with the "crash"
        assertEquals(4, first.step());
        assertEquals(List.of(run.resolve("checkpoints/step-00000003.safetensors"), run.resolve("checkpoints/step-00000004.safetensors")),
                Checkpoints.list(run.resolve("checkpoints")));
        Files.delete(run.resolve("checkpoints/step-00000004.safetensors"));

        DdpmTrainer resumed = new DdpmTrainer(new AttentionUNet(CFG, 1), DIFFUSION, TRAIN).progressTo(null);
        DdpmTrainer.TrainSummary s = resumed.train(data(), run);
        assertEquals(3, s.startStep());
        assertEquals(6, s.endStep());
        assertSameState(straight.model().stateDict(), resumed.model().stateDict());
        assertSameState(straight.ema().stateDict(), resumed.ema().stateDict());
        assertSameState(straight.emaModel().stateDict(), resumed.emaModel().stateDict());

        List<String> log = Files.readAllLines(run.resolve("loss.csv"), StandardCharsets.UTF_8);
        assertEquals(7, log.size(), "header and one row per step, without the lost step's duplicate: " + log);
        assertEquals(Files.readAllLines(dir.resolve("straight/loss.csv")), log);
    }

    @Test
    void trainingChangesWeightsAndEmaLagsBehind() {
        AttentionUNet net = new AttentionUNet(CFG, 2);
        Map<String, Tensor> before = Map.copyOf(net.stateDict()).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().copy()));
        DdpmTrainer tr = new DdpmTrainer(net, DIFFUSION, TRAIN).progressTo(null);
        double loss = tr.trainStep(data().batch(0, 4));
        assertTrue(loss > 0 && Double.isFinite(loss));
        String k = "cin.weight";
        float[] w0 = before.get(k).toArray();
        float[] w1 = net.stateDict().get(k).toArray();
        float[] e1 = tr.ema().shadow().get(k).toArray();
        for (int i = 0; i < w0.length; i++) {
            // EMA after one update: 0.9 * w0 + 0.1 * w1.
            assertEquals(0.9 * w0[i] + 0.1 * w1[i], e1[i], 1e-6);
        }
        assertFalse(java.util.Arrays.equals(w0, w1));
        // Warm-up: the first update used lr/2 (2 warm-up steps).
        assertEquals(5e-4, tr.lr(), 1e-12);
    }

    @Test
    void classDroppingFollowsItsProbability() {
        int[] c = new int[20000];
        int[] d = DdpmTrainer.dropClasses(c, 0.25, 7, new Rng(3));
        long dropped = java.util.Arrays.stream(d).filter(x -> x == 7).count();
        assertEquals(0.25, dropped / 20000.0, 0.01);
        assertTrue(java.util.Arrays.stream(d).allMatch(x -> x == 0 || x == 7));
    }

    @Test
    void checkpointOfAnotherRunIsRefused(@TempDir Path dir) throws Exception {
        DdpmTrainer a = new DdpmTrainer(new AttentionUNet(CFG, 1), DIFFUSION, TRAIN).progressTo(null);
        a.trainStep(data().batch(0, 4));
        Path f = dir.resolve(Checkpoints.fileName(1));
        a.saveCheckpoint(f);
        DdpmTrainer otherSeed = new DdpmTrainer(new AttentionUNet(CFG, 1), DIFFUSION, TRAIN.withSeed(12)).progressTo(null);
        assertThrows(IllegalArgumentException.class, () -> otherSeed.loadCheckpoint(f));
        DdpmTrainer otherNet = new DdpmTrainer(new AttentionUNet(CFG.withClasses(3), 1), DIFFUSION, TRAIN).progressTo(null);
        assertThrows(IllegalArgumentException.class, () -> otherNet.loadCheckpoint(f));
        DdpmTrainer otherSchedule = new DdpmTrainer(new AttentionUNet(CFG, 1), new GaussianDiffusion(NoiseSchedule.cosine(100)),
                TRAIN).progressTo(null);
        assertThrows(IllegalArgumentException.class, () -> otherSchedule.loadCheckpoint(f));
        // The live weights of a checkpoint also serve as model weights.
        assertSameState(a.model().stateDict(), ModelFiles.readWeights(f));
    }

    @Test
    void modelFilesRoundTrip(@TempDir Path dir) throws Exception {
        AttentionUNet net = new AttentionUNet(UNetConfig.tiny(16, 3, 8).withGateMode(GateMode.NORMAL), 5);
        Path f = dir.resolve("g_i.safetensors");
        ModelFiles.save(f, net);
        AttentionUNet back = ModelFiles.load(f);
        assertEquals(net.config(), back.config());
        assertSameState(net.stateDict(), back.stateDict());
        Files.writeString(dir.resolve("bad.safetensors"), "nonsense");
        assertThrows(java.io.IOException.class, () -> ModelFiles.load(dir.resolve("bad.safetensors")));
    }

    @Test
    void fineTuningLoadsGiStrictlyAndInitialisesOnlyTheNewParameters() {
        UNetConfig base = UNetConfig.tiny(16, 3, 8);
        AttentionUNet gi = new AttentionUNet(base, 21);
        for (GateMode mode : new GateMode[] {GateMode.NORMAL, GateMode.DEFECT, GateMode.BOTH}) {
            AttentionUNet tuned = GatedFineTuner.fromPretrained(base, gi.stateDict(), mode, 99);
            List<String> added = GatedFineTuner.newParameterNames(base, mode);
            assertEquals(tuned.namedParameters().size(), gi.namedParameters().size() + added.size());
            assertTrue(added.stream().anyMatch(n -> n.contains("mask_embed")));
            assertTrue(added.stream().anyMatch(n -> n.contains("mask_proj")));
            assertEquals(mode.hasDefectGate(), added.stream().anyMatch(n -> n.contains(".gate.defect.")), mode.name());
            assertEquals(mode.hasNormalGate(), added.stream().anyMatch(n -> n.contains(".gate.normal.")), mode.name());
            Map<String, Tensor> t = tuned.stateDict();
            gi.stateDict().forEach((k, v) -> assertArrayEquals(v.toArray(), t.get(k).toArray(), 0f, k));
        }
        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(gi.stateDict());
        partial.remove("cin.bias");
        assertThrows(IllegalArgumentException.class, () -> GatedFineTuner.fromPretrained(base, partial, GateMode.BOTH, 1));
        Map<String, Tensor> extra = new java.util.LinkedHashMap<>(gi.stateDict());
        extra.put("stray.weight", Tensor.zeros(2));
        assertThrows(IllegalArgumentException.class, () -> GatedFineTuner.fromPretrained(base, extra, GateMode.BOTH, 1));
        assertThrows(IllegalArgumentException.class, () -> GatedFineTuner.fromPretrained(base, gi.stateDict(), GateMode.NONE, 1));
    }

    @Test
    void fineTuningTrainsOnMaskedPairs(@TempDir Path dir) throws Exception {
        UNetConfig base = UNetConfig.tiny(16, 1, 8);
        AttentionUNet gi = new AttentionUNet(base, 21);
        Rng rng = new Rng(5);
        Tensor masks = Tensor.rand(rng, 6, 1, 16, 16).gt(0.6);
        Tensor images = masks.affine(1.6, -0.8);
        GatedFineTuner ft = new GatedFineTuner(gi, GateMode.BOTH, DIFFUSION, new TrainConfig(3, 2, 1e-3, 1, 0.9, 1, 0, 0, 3), 8);
        ft.trainer().progressTo(null);
        AttentionUNet tuned = ft.train(new TensorDataset(images, null, masks, 1), dir);
        assertEquals(3, ft.trainer().step());
        assertEquals(GateMode.BOTH, tuned.config().gateMode());
        assertThrows(IllegalArgumentException.class,
                () -> new GatedFineTuner(gi, GateMode.BOTH, DIFFUSION, TRAIN, 8).train(new TensorDataset(images, null, null, 1), null));
    }
}
