package org.dadda.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.diffusion.GradCheck;
import org.dadda.nn.Module;
import org.dadda.nn.layers.AttentionBlock;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.nn.layers.MultiHeadAttention;
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
            AttentionBlock sa = GradCheck.inFloat64(() -> new AttentionBlock(4, 2, 2, 3, rng));
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
        AttentionBlock sa = new AttentionBlock(4, 2, 2, 3, rng);
        GradCheck.randomize(gca, rng, 0.6);
        Tensor x = Tensor.randn(rng, 2, 4, 4, 4);
        Tensor mask = Tensor.rand(rng, 2, 1, 16, 16).gt(0.5);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            Map<String, Module> ch = gca.children();
            Tensor q = ((GroupNorm) ch.get("norm")).forward(x);
            Tensor kd = ((MaskEmbedding) ch.get("defect_embed")).forward(mask);
            Tensor kn = ((MaskEmbedding) ch.get("normal_embed")).forward(mask.neg().add(1));
            Tensor gd = ((MultiHeadAttention) ch.get("defect_attn")).forward(q, kd).mean(new int[] {2, 3}, true).sigmoid();
            Tensor gn = ((MultiHeadAttention) ch.get("normal_attn")).forward(q, kn).mean(new int[] {2, 3}, true).sigmoid();
            Tensor xsaPlusIn = sa.forward(x);
            Tensor expected = gd.mul(xsaPlusIn).add(gn.mul(xsaPlusIn));
            assertArrayEquals(expected.toArray(), gca.forward(x, sa, mask).toArray(), 1e-6f);
            // The gates are per sample and channel, in (0, 1), and depend on the mask.
            assertArrayEquals(new int[] {2, 4, 1, 1}, gd.shape());
            for (float g : gd.toArray()) {
                assertTrue(g > 0 && g < 1);
            }
            Tensor other = gca.forward(x, sa, mask.neg().add(1));
            assertFalse(java.util.Arrays.equals(other.toArray(), gca.forward(x, sa, mask).toArray()));
        }
    }

    @Test
    void freshGatesStartAtOneHalfEach() {
        Rng rng = new Rng(4);
        AttentionBlock sa = new AttentionBlock(4, 2, 2, 3, rng);
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
