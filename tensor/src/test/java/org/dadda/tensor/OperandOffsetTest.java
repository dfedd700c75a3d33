package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The SPI contract that every operand carries its own offset: each {@link Backend} method, run
 * with every input and output placed behind a few junk elements, gives exactly what it gives with
 * every operand at offset 0, on each backend. A new backend (CUDA) adds itself to {@link #BACKENDS}.
 */
class OperandOffsetTest {

    private static final Backend[] BACKENDS = {CpuBackend.INSTANCE, ReferenceBackend.INSTANCE};

    /** Allocates operands at one offset, with NaN junk in front so a kernel that ignores the offset shows. */
    private static final class Operands {
        final Backend be;
        final int off;
        final List<View> outputs = new ArrayList<>();
        final Rng rng;

        Operands(Backend be, int off, long seed) {
            this.be = be;
            this.off = off;
            this.rng = new Rng(seed);
        }

        /** An input of {@code shape} with seeded Gaussian values. */
        View in(int... shape) {
            float[] data = new float[off + Shape.numel(shape)];
            Arrays.fill(data, 0, off, Float.NaN);
            for (int i = off; i < data.length; i++) {
                data[i] = (float) rng.nextGaussian();
            }
            return View.dense(be.fromFloats(data, 0, data.length), off, shape);
        }

        /** An input of positive values (variances, a softmax's output). */
        View positive(int... shape) {
            View v = in(shape);
            be.unary(UnaryOp.EXP, 0, 0, v, v);
            return v;
        }

        /** An output of {@code shape}, filled with 0.25 (so accumulating kernels are checked too). */
        View out(int... shape) {
            float[] data = new float[off + Shape.numel(shape)];
            Arrays.fill(data, 0, off, Float.NaN);
            Arrays.fill(data, off, data.length, 0.25f);
            View v = View.dense(be.fromFloats(data, 0, data.length), off, shape);
            outputs.add(v);
            return v;
        }

        float[] results() {
            float[][] parts = outputs.stream().map(be::toFloats).toArray(float[][]::new);
            int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
            float[] all = new float[n];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        }
    }

    private static void check(String what, BiConsumer<Backend, Operands> call) {
        for (Backend be : BACKENDS) {
            Operands at0 = new Operands(be, 0, 7);
            call.accept(be, at0);
            Operands shifted = new Operands(be, 5, 7);
            call.accept(be, shifted);
            assertArrayEquals(at0.results(), shifted.results(), what + " on " + be.name() + " with operands at offset 5");
            for (float v : shifted.results()) {
                assertFalse(Float.isNaN(v), what + " on " + be.name() + " read the junk before an operand");
            }
        }
    }

    @Test
    void elementwiseCopyAndReduceHonourOffsets() {
        check("unary", (be, o) -> be.unary(UnaryOp.TANH, 0, 0, o.in(3, 4), o.out(3, 4)));
        check("unaryBackward", (be, o) -> be.unaryBackward(UnaryOp.TANH, 0, 0, o.in(12), o.in(12), o.in(12), o.out(12)));
        check("binary", (be, o) -> {
            View b = o.in(1, 4);
            be.binary(BinaryOp.MUL, o.in(3, 4), new View(b.storage(), b.offset(), new int[] {3, 4}, new int[] {0, 1}),
                    o.out(3, 4));
        });
        check("where", (be, o) -> be.where(o.in(2, 5), o.in(2, 5), o.in(2, 5), o.out(2, 5)));
        check("copy", (be, o) -> {
            View src = o.in(3, 4);
            be.copy(new View(src.storage(), src.offset(), new int[] {4, 3}, new int[] {1, 4}), o.out(4, 3), true);
        });
        check("reduce", (be, o) -> be.reduce(Reduction.SUM, o.in(3, 4, 5), o.out(3, 1, 5)));
        check("reduce max", (be, o) -> be.reduce(Reduction.MAX, o.in(3, 4, 5), o.out(1, 4, 1)));
        check("indexSelect", (be, o) -> be.indexSelect(o.in(2, 4, 3), new int[] {3, 0, 3}, o.out(2, 3, 3)));
        check("indexAdd", (be, o) -> be.indexAdd(o.in(2, 3, 3), new int[] {3, 0, 3}, o.out(2, 4, 3)));
        check("fill", (be, o) -> be.fill(o.out(7), -2));
    }

    @Test
    void argmaxHonoursItsOffset() {
        for (Backend be : BACKENDS) {
            int[] at0 = new int[6];
            be.argmax(new Operands(be, 0, 3).in(2, 5, 3), at0);
            int[] shifted = new int[6];
            be.argmax(new Operands(be, 5, 3).in(2, 5, 3), shifted);
            assertArrayEquals(at0, shifted, "argmax on " + be.name());
        }
    }

    @Test
    void matrixConvolutionAndPoolingHonourOffsets() {
        GemmGeometry g = new GemmGeometry(true, false, 2, 3, 4, 5);
        check("gemm", (be, o) -> {
            View a = o.in(2, 5, 3);
            View b = o.in(5, 4);
            be.gemm(g, 1.5, g.a(a.storage(), a.offset(), 15), g.b(b.storage(), b.offset(), 0), 0.5,
                    g.c(o.out(2, 3, 4).storage(), o.off));
        });
        ConvGeometry cg = new ConvGeometry(2, 3, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        check("conv2d", (be, o) -> be.conv2d(cg, o.in(cg.inputShape()), o.in(cg.weightShape()), o.in(4),
                o.out(cg.outputShape())));
        check("conv2dBackwardInput", (be, o) -> be.conv2dBackwardInput(cg, o.in(cg.outputShape()), o.in(cg.weightShape()),
                o.out(cg.inputShape())));
        check("conv2dBackwardWeight", (be, o) -> be.conv2dBackwardWeight(cg, o.in(cg.inputShape()), o.in(cg.outputShape()),
                o.out(cg.weightShape())));
        for (Reduction kind : new Reduction[] {Reduction.MAX, Reduction.MEAN}) {
            PoolGeometry pg = new PoolGeometry(kind, 3, 7, 6, 3, 3, 2, 1);
            check("pool2d " + kind, (be, o) -> be.pool2d(pg, o.in(pg.inputSize()), o.out(pg.outputSize())));
            check("pool2dBackward " + kind, (be, o) -> be.pool2dBackward(pg, o.in(pg.inputSize()), o.in(pg.outputSize()),
                    o.out(pg.inputSize())));
        }
        ResizeGeometry adaptive = new ResizeGeometry(3, 7, 5, 3, 2);
        check("adaptiveAvgPool2d", (be, o) -> be.adaptiveAvgPool2d(adaptive, o.in(adaptive.inputSize()),
                o.out(adaptive.outputSize())));
        check("adaptiveAvgPool2dBackward", (be, o) -> be.adaptiveAvgPool2dBackward(adaptive, o.in(adaptive.outputSize()),
                o.out(adaptive.inputSize())));
        ResizeGeometry up = ResizeGeometry.upsample(3, 2, 3, 2, 3);
        check("upsampleNearest", (be, o) -> be.upsampleNearest(up, o.in(up.inputSize()), o.out(up.outputSize())));
        check("upsampleNearestBackward", (be, o) -> be.upsampleNearestBackward(up, o.in(up.outputSize()),
                o.out(up.inputSize())));
    }

    @Test
    void normalisationAttentionAndOptimizerHonourOffsets() {
        SoftmaxGeometry sg = new SoftmaxGeometry(4, 6, false);
        check("softmax", (be, o) -> be.softmax(sg, o.in(4, 6), o.out(4, 6)));
        check("softmaxBackward", (be, o) -> be.softmaxBackward(sg, o.positive(4, 6), o.in(4, 6), o.out(4, 6)));
        for (NormGeometry ng : new NormGeometry[] {NormGeometry.group(2, 4, 5, 2, 1e-5), NormGeometry.batch(3, 4, 5, 1e-5)}) {
            check("norm " + ng.kind(), (be, o) -> be.norm(ng, o.in(ng.n(), ng.c(), ng.hw()), o.in(ng.c()), o.in(ng.c()),
                    o.out(ng.n(), ng.c(), ng.hw()), o.out(ng.statistics()), o.out(ng.statistics())));
            check("normBackward " + ng.kind(), (be, o) -> be.normBackward(ng, o.in(ng.n(), ng.c(), ng.hw()), o.in(ng.c()),
                    o.in(ng.statistics()), o.positive(ng.statistics()), o.in(ng.n(), ng.c(), ng.hw()),
                    o.out(ng.n(), ng.c(), ng.hw()), o.out(ng.c()), o.out(ng.c())));
        }
        AttentionGeometry ag = new AttentionGeometry(2, 3, 4, 5, 0.4);
        check("attention", (be, o) -> be.attention(ag, o.in(2, 3, 5), o.in(2, 4, 5), o.in(2, 4, 5), o.in(3, 4),
                o.out(2, 3, 5), o.out(2, 3)));
        check("attentionBackward", (be, o) -> {
            View q = o.in(2, 3, 5);
            View k = o.in(2, 4, 5);
            View v = o.in(2, 4, 5);
            View mask = o.in(3, 4);
            View out = o.out(2, 3, 5);
            View lse = o.out(2, 3);
            be.attention(ag, q, k, v, mask, out, lse);
            be.attentionBackward(ag, q, k, v, mask, out, lse, o.in(2, 3, 5), o.out(2, 3, 5), o.out(2, 4, 5),
                    o.out(2, 4, 5));
        });
        AdamHyperparameters h = new AdamHyperparameters(1e-2, 0.9, 0.999, 1e-8, 0.1, true, 0.1, 0.001);
        check("fusedAdamStep", (be, o) -> {
            View p = o.out(10);
            View m = o.out(10);
            View v = o.out(10);
            be.fusedAdamStep(h, p, o.in(10), m, v);
        });
    }

    @Test
    void viewsAndGeometriesExplainWhatIsWrong() {
        Storage s = CpuBackend.INSTANCE.allocate(24);
        View v = View.dense(s, 0, 2, 3, 4);
        assertTrue(v.isDense());
        assertEquals(24, v.numel());
        assertFalse(new View(s, 0, new int[] {3, 2}, new int[] {1, 3}).isDense());
        assertTrue(new View(s, 4, new int[] {1, 5}, new int[] {99, 1}).isDense());
        assertEquals(View.dense(s, 0, 6, 4), v.reshape(6, 4));
        assertThrows(IllegalArgumentException.class, () -> v.reshape(5, 5));
        assertThrows(IllegalArgumentException.class, () -> new View(s, 0, new int[] {2}, new int[] {1, 1}));
        assertArrayEquals(new boolean[] {false, true, false}, Reduction.reducedAxes(new int[] {2, 3, 1}, new int[] {2, 1, 1}));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Reduction.reducedAxes(new int[] {2, 3}, new int[] {2, 2}));
        assertTrue(bad.getMessage().contains("[2, 2]"), bad.getMessage());
        GemmGeometry g = GemmGeometry.of(true, false, 3, 4, 5);
        assertArrayEquals(new int[] {1, 5, 3}, g.a(s, 0, 0).shape());
        assertArrayEquals(new int[] {1, 3, 4}, g.c(s, 0).shape());
        assertThrows(IllegalArgumentException.class, () -> new PoolGeometry(Reduction.SUM, 1, 4, 4, 2, 2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoolGeometry(Reduction.MAX, 1, 2, 2, 5, 5, 1, 0));
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class,
                () -> NormGeometry.group(1, 6, 4, 4, 1e-5));
        assertTrue(groups.getMessage().contains("6 channels"), groups.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResizeGeometry(1, 3, 3, 7, 6).scaleH());
        assertEquals(2, ResizeGeometry.upsample(1, 3, 3, 2, 3).scaleH());
    }
}
