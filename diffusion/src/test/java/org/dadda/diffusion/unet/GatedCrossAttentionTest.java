package org.dadda.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.diffusion.GradCheck;
import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Linear;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GatedCrossAttentionTest {
    /** Masks of 16x16 (encoder features 2x2), attention sites of 4x4 with 4 channels, 2 heads of 3. */
    private static final UNetConfig CFG = new UNetConfig(16, 1, 1, 4, new int[] {1}, 1, new int[] {4}, 2, 3, 2, 0,
            GateMode.BOTH, new int[] {2, 3, 2});

    private static void addParams(Map<String, Tensor> leaves, String prefix, Module m) {
        m.namedParameters().forEach((k, p) -> leaves.put(prefix + k, p.value()));
    }

    @Test
    void maskEncoderGradients() {
        Rng rng = new Rng(1);
        MaskEncoder enc = GradCheck.inFloat64(() -> new MaskEncoder(new int[] {2, 3, 2}, rng));
        GradCheck.randomize(enc, rng, 0.5);
        Tensor mask = GradCheck.input(rng, 2, 1, 16, 16);
        assertArrayEquals(new int[] {2, 2, 2, 2}, GradCheck.inFloat64(() -> enc.forward(mask)).shape());
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        leaves.put("mask", mask);
        addParams(leaves, "", enc);
        GradCheck.check("MaskEncoder", () -> enc.forward(mask), leaves, 12);
        assertThrows(IllegalArgumentException.class, () -> enc.forward(Tensor.zeros(1, 1, 12, 12)));
    }

    @Test
    void gatedCrossAttentionGradientsInEveryModeAndSize() {
        Rng rng = new Rng(2);
        // Site sizes 4 (embedding 2x2 attended as is), 2 (equal) and 1 (embedding average-pooled).
        for (int size : new int[] {4, 2, 1}) {
            for (GateMode mode : new GateMode[] {GateMode.BOTH, GateMode.DEFECT, GateMode.NORMAL}) {
                GatedCrossAttention gca = GradCheck.inFloat64(() -> new GatedCrossAttention(mode, 4, size, CFG, rng));
                SelfAttention2d sa = GradCheck.inFloat64(() -> new SelfAttention2d(4, 2, 2, 3, rng));
                MaskEncoder encD = GradCheck.inFloat64(() -> new MaskEncoder(new int[] {2, 3, 2}, rng));
                MaskEncoder encN = GradCheck.inFloat64(() -> new MaskEncoder(new int[] {2, 3, 2}, rng));
                for (Module m : new Module[] {gca, sa, encD, encN}) {
                    GradCheck.randomize(m, rng, 0.6);
                }
                Tensor x = GradCheck.input(rng, 2, 4, size, size);
                Tensor mask = GradCheck.input(rng, 2, 1, 16, 16);
                Map<String, Tensor> leaves = new LinkedHashMap<>();
                leaves.put("x", x);
                leaves.put("mask", mask);
                addParams(leaves, "gca.", gca);
                addParams(leaves, "sa.", sa);
                addParams(leaves, "encD.", encD);
                addParams(leaves, "encN.", encN);
                GradCheck.check("GatedCrossAttention " + mode + " at " + size, () -> gca.forward(x, sa,
                        mode.hasDefectGate() ? encD.forward(mask) : null,
                        mode.hasNormalGate() ? encN.forward(mask.neg().add(1)) : null), leaves, 4);
            }
        }
    }

    @Test
    void followsEquationsNineAndTen() {
        Rng rng = new Rng(3);
        GatedCrossAttention gca = new GatedCrossAttention(GateMode.BOTH, 4, 4, CFG, rng);
        SelfAttention2d sa = new SelfAttention2d(4, 2, 2, 3, rng);
        MaskEncoder encD = new MaskEncoder(new int[] {2, 3, 2}, rng);
        MaskEncoder encN = new MaskEncoder(new int[] {2, 3, 2}, rng);
        GradCheck.randomize(gca, rng, 0.6);
        Tensor x = Tensor.randn(rng, 2, 4, 4, 4);
        Tensor mask = Tensor.rand(rng, 2, 1, 16, 16).gt(0.5);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor fd = encD.forward(mask);
            Tensor fn = encN.forward(mask.neg().add(1));
            // Literally: Q_t of x_in; K, V from ME(M) brought to x_in's size (nearest upsampling); Attention;
            // the output projection at every position; GAP; sigmoid. Then eq. 10.
            Tensor q = sa.project(x)[0];
            Tensor gd = literalGate((GatedCrossAttention.Branch) gca.children().get("defect"), q, fd);
            Tensor gn = literalGate((GatedCrossAttention.Branch) gca.children().get("normal"), q, fn);
            Tensor xsaPlusIn = sa.forward(x);
            Tensor expected = gd.mul(xsaPlusIn).add(gn.mul(xsaPlusIn));
            assertArrayEquals(expected.toArray(), gca.forward(x, sa, fd, fn).toArray(), 1e-5f);
            Tensor[] gates = gca.gates(x, sa, fd, fn);
            assertArrayEquals(gd.toArray(), gates[0].toArray(), 1e-5f);
            assertArrayEquals(gn.toArray(), gates[1].toArray(), 1e-5f);
            // The gates are per sample and channel, in (0, 1), and depend on the mask.
            assertArrayEquals(new int[] {2, 4, 1, 1}, gd.shape());
            for (float g : gd.toArray()) {
                assertTrue(g > 0 && g < 1);
            }
            Tensor flipped = gca.forward(x, sa, encD.forward(mask.neg().add(1)), encN.forward(mask));
            assertFalse(java.util.Arrays.equals(flipped.toArray(), gca.forward(x, sa, fd, fn).toArray()));
        }
    }

    private static Tensor literalGate(GatedCrossAttention.Branch br, Tensor q, Tensor features) {
        Map<String, Module> ch = br.children();
        Tensor me = Functional.upsampleNearest(((Conv2d) ch.get("embed")).forward(features), 2);
        assertArrayEquals(new int[] {2, 4, 4, 4}, me.shape());
        Tensor[] kv = SelfAttention2d.splitHeads(((Conv2d) ch.get("kv")).forward(me), 2, 2, 3);
        Tensor a = Functional.attention(q, kv[0], kv[1], null, 1 / Math.sqrt(3));
        Tensor tokens = a.permute(0, 2, 1, 3).reshape(2, 16, 6);
        Tensor perPosition = ((Linear) ch.get("out")).forward(tokens);
        return perPosition.mean(1, false).sigmoid().reshape(2, 4, 1, 1);
    }

    @Test
    void freshGatesStartAtOneHalfEach() {
        Rng rng = new Rng(4);
        SelfAttention2d sa = new SelfAttention2d(4, 2, 2, 3, rng);
        MaskEncoder enc = new MaskEncoder(new int[] {2, 3, 2}, rng);
        Tensor x = Tensor.randn(rng, 1, 4, 4, 4);
        Tensor f = enc.forward(Tensor.rand(rng, 1, 1, 16, 16).gt(0.5));
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            float[] y = sa.forward(x).toArray();
            float[] both = new GatedCrossAttention(GateMode.BOTH, 4, 4, CFG, rng).forward(x, sa, f, f).toArray();
            GatedCrossAttention defectOnly = new GatedCrossAttention(GateMode.DEFECT, 4, 4, CFG, rng);
            float[] one = defectOnly.forward(x, sa, f, null).toArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], both[i], 1e-6);
                assertEquals(0.5 * y[i], one[i], 1e-6);
            }
            assertNull(defectOnly.gates(x, sa, f, null)[1]);
        }
    }
}
