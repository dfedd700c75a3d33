package org.dadda.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.diffusion.GradCheck;
import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Linear;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GatedCrossAttentionTest {
    private static final UNetConfig CFG = new UNetConfig(16, 1, 1, 4, new int[] {1}, 1, new int[] {4}, 2, 3, 2, 0,
            GateMode.BOTH, new int[] {2, 3, 2});

    private static Map<String, Tensor> leaves(Module m, Tensor... inputs) {
        Map<String, Tensor> l = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            l.put("input" + i, inputs[i]);
        }
        m.namedParameters().forEach((k, p) -> l.put(k, p.value()));
        return l;
    }

    @Test
    void maskEmbeddingGradients() {
        Rng rng = new Rng(1);
        for (int outSize : new int[] {2, 4, 1}) {
            MaskEmbedding me = GradCheck.inFloat64(() -> new MaskEmbedding(new int[] {2, 3, 2}, 3, outSize, rng));
            GradCheck.randomize(me, rng, 0.5);
            Tensor mask = GradCheck.input(rng, 2, 1, 16, 16);
            Tensor out = GradCheck.inFloat64(() -> me.forward(mask));
            assertArrayEquals(new int[] {2, 3, outSize, outSize}, out.shape());
            GradCheck.check("MaskEmbedding->" + outSize, () -> me.forward(mask), leaves(me, mask), 12);
        }
    }

    @Test
    void gatedCrossAttentionGradientsInEveryMode() {
        Rng rng = new Rng(2);
        for (GateMode mode : new GateMode[] {GateMode.BOTH, GateMode.DEFECT, GateMode.NORMAL}) {
            GatedCrossAttention gca = GradCheck.inFloat64(() -> new GatedCrossAttention(mode, 4, 4, CFG, rng));
            SelfAttention2d sa = GradCheck.inFloat64(() -> new SelfAttention2d(4, 2, 2, 3, rng));
            GradCheck.randomize(gca, rng, 0.6);
            GradCheck.randomize(sa, rng, 0.6);
            Tensor x = GradCheck.input(rng, 2, 4, 4, 4);
            Tensor mask = GradCheck.input(rng, 2, 1, 16, 16);
            Map<String, Tensor> l = leaves(gca, x, mask);
            sa.namedParameters().forEach((k, p) -> l.put("sa." + k, p.value()));
            GradCheck.check("GatedCrossAttention " + mode, () -> gca.forward(x, sa, mask), l, 6);
        }
    }

    @Test
    void followsEquationsNineAndTen() {
        Rng rng = new Rng(3);
        GatedCrossAttention gca = new GatedCrossAttention(GateMode.BOTH, 4, 4, CFG, rng);
        SelfAttention2d sa = new SelfAttention2d(4, 2, 2, 3, rng);
        GradCheck.randomize(gca, rng, 0.6);
        Tensor x = Tensor.randn(rng, 2, 4, 4, 4);
        Tensor mask = Tensor.rand(rng, 2, 1, 16, 16).gt(0.5);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            // Literally: Q_t from x_in, K/V from the embedding at x_in's size, Attention, output projection
            // at every position, GAP, sigmoid; then eq. 10.
            Tensor q = sa.project(x)[0];
            Tensor gd = literalGate((GatedCrossAttention.Branch) gca.children().get("defect"), q, mask);
            Tensor gn = literalGate((GatedCrossAttention.Branch) gca.children().get("normal"), q, mask.neg().add(1));
            Tensor xsaPlusIn = sa.forward(x);
            Tensor expected = gd.mul(xsaPlusIn).add(gn.mul(xsaPlusIn));
            assertArrayEquals(expected.toArray(), gca.forward(x, sa, mask).toArray(), 1e-5f);
            Tensor[] gates = gca.gates(x, sa, mask);
            assertArrayEquals(gd.toArray(), gates[0].toArray(), 1e-5f);
            assertArrayEquals(gn.toArray(), gates[1].toArray(), 1e-5f);
            // The gates are per sample and channel, in (0, 1), and depend on the mask.
            assertArrayEquals(new int[] {2, 4, 1, 1}, gd.shape());
            for (float g : gd.toArray()) {
                assertTrue(g > 0 && g < 1);
            }
            Tensor other = gca.forward(x, sa, mask.neg().add(1));
            assertFalse(java.util.Arrays.equals(other.toArray(), gca.forward(x, sa, mask).toArray()));
        }
    }

    private static Tensor literalGate(GatedCrossAttention.Branch br, Tensor q, Tensor mask) {
        Map<String, Module> ch = br.children();
        Tensor ctx = ((MaskEmbedding) ch.get("embed")).forward(mask);
        assertArrayEquals(new int[] {2, 4, 4, 4}, ctx.shape());
        Tensor[] kv = SelfAttention2d.splitHeads(((Conv2d) ch.get("kv")).forward(ctx), 2, 2, 3);
        Tensor a = Functional.attention(q, kv[0], kv[1], null, 1 / Math.sqrt(3));
        Tensor tokens = a.permute(0, 2, 1, 3).reshape(2, 16, 6);
        Tensor perPosition = ((Linear) ch.get("out")).forward(tokens);
        return perPosition.mean(1, false).sigmoid().reshape(2, 4, 1, 1);
    }

    @Test
    void freshGatesStartAtOneHalfEach() {
        Rng rng = new Rng(4);
        SelfAttention2d sa = new SelfAttention2d(4, 2, 2, 3, rng);
        Tensor x = Tensor.randn(rng, 1, 4, 4, 4);
        Tensor mask = Tensor.rand(rng, 1, 1, 16, 16).gt(0.5);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            float[] y = sa.forward(x).toArray();
            float[] both = new GatedCrossAttention(GateMode.BOTH, 4, 4, CFG, rng).forward(x, sa, mask).toArray();
            float[] one = new GatedCrossAttention(GateMode.DEFECT, 4, 4, CFG, rng).forward(x, sa, mask).toArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], both[i], 1e-6);
                assertEquals(0.5 * y[i], one[i], 1e-6);
            }
        }
    }
}
