package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.dadda.tensor.AdamHyperparameters;
import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.Functional;
import org.dadda.tensor.GemmGeometry;
import org.dadda.tensor.NormGeometry;
import org.dadda.tensor.PoolGeometry;
import org.dadda.tensor.Reduction;
import org.dadda.tensor.ResizeGeometry;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Shape;
import org.dadda.tensor.SoftmaxGeometry;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.UnaryOp;
import org.dadda.tensor.View;
import org.dadda.tensor.Workspace;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The backend contract, for any float32 backend ({@link #candidate()}): every SPI method against
 * the float64 {@link ReferenceBackend} on the same inputs, with every operand once at offset 0
 * and once behind NaN junk (so a kernel that ignores an offset shows), on sizes that are not
 * multiples of any tile, block or warp; then whole ops through autograd and a {@link Workspace}.
 * {@code CudaContractTest} runs it on the GPU, {@code CpuContractTest} on the CPU backend (which
 * checks the contract itself on every machine).
 */
abstract class BackendContract {

    /** The backend under test. */
    protected abstract Backend candidate();

    /** Operands of one call on one backend, all at one offset, seeded so both backends see the same numbers. */
    static final class Operands {
        final Backend be;
        final int off;
        final Rng rng;
        final List<View> outputs = new ArrayList<>();

        Operands(Backend be, int off) {
            this.be = be;
            this.off = off;
            this.rng = new Rng(7);
        }

        View put(float[] values, int... shape) {
            float[] data = new float[off + values.length];
            Arrays.fill(data, 0, off, Float.NaN);
            System.arraycopy(values, 0, data, off, values.length);
            return View.dense(be.fromFloats(data, 0, data.length), off, shape);
        }

        /** An input of seeded Gaussians. */
        View in(int... shape) {
            float[] v = new float[Shape.numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextGaussian();
            }
            return put(v, shape);
        }

        /** An input of positive values (log, sqrt, variances, a softmax's output). */
        View positive(int... shape) {
            float[] v = new float[Shape.numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.exp(rng.nextGaussian());
            }
            return put(v, shape);
        }

        /** An output filled with 0.25, so kernels that accumulate are checked too. */
        View out(int... shape) {
            float[] v = new float[Shape.numel(shape)];
            Arrays.fill(v, 0.25f);
            View o = put(v, shape);
            outputs.add(o);
            return o;
        }

        List<float[]> results() {
            return outputs.stream().map(be::toFloats).toList();
        }
    }

    /** Runs {@code call} on the reference and on the candidate at offsets 0 and 5; compares every output. */
    void check(String what, double tol, BiConsumer<Backend, Operands> call) {
        Operands ref = new Operands(ReferenceBackend.INSTANCE, 0);
        call.accept(ref.be, ref);
        for (int off : new int[] {0, 5}) {
            Operands got = new Operands(candidate(), off);
            call.accept(got.be, got);
            List<float[]> want = ref.results();
            List<float[]> have = got.results();
            for (int o = 0; o < want.size(); o++) {
                assertClose(what + " output " + o + " (operands at offset " + off + ")", want.get(o), have.get(o), tol);
            }
        }
    }

    static void assertClose(String what, float[] ref, float[] got, double tol) {
        assertEquals(ref.length, got.length, what + ": length");
        for (int i = 0; i < ref.length; i++) {
            boolean bothNaN = Float.isNaN(ref[i]) && Float.isNaN(got[i]);
            if (!bothNaN && !(Math.abs(ref[i] - got[i]) <= tol * (1 + Math.abs(ref[i])))) {
                throw new AssertionError(what + "[" + i + "]: reference " + ref[i] + ", " + "candidate " + got[i]);
            }
        }
    }

    // ------------------------------------------------------------------ SPI methods, one by one

    @Test
    void fillCopyAndElementwise() {
        check("fill", 0, (be, o) -> be.fill(o.out(37), -2));
        check("copy transposed, accumulating", 0, (be, o) -> {
            View src = o.in(5, 7);
            be.copy(new View(src.storage(), src.offset(), new int[] {7, 5}, new int[] {1, 7}), o.out(7, 5), true);
        });
        check("copy broadcast into a narrow", 0, (be, o) -> {
            View src = o.in(1, 3);
            View dst = o.out(4, 6);
            be.copy(new View(src.storage(), src.offset(), new int[] {4, 3}, new int[] {0, 1}),
                    new View(dst.storage(), dst.offset() + 2, new int[] {4, 3}, new int[] {6, 1}), false);
        });
        for (UnaryOp op : UnaryOp.values()) {
            boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW;
            double p = op == UnaryOp.POW ? 1.5 : op == UnaryOp.CLAMP ? -0.5 : op == UnaryOp.AFFINE ? 1.7 : 0.2;
            double q = op == UnaryOp.CLAMP ? 0.6 : -0.3;
            check("unary " + op, 2e-6, (be, o) -> be.unary(op, p, q, needsPositive ? o.positive(259) : o.in(259),
                    o.out(259)));
            check("unaryBackward " + op, 2e-6, (be, o) -> {
                View x = needsPositive ? o.positive(259) : o.in(259);
                View y = o.out(259);
                be.unary(op, p, q, x, y);
                be.unaryBackward(op, p, q, x, y, o.in(259), o.out(259));
            });
        }
        for (BinaryOp op : BinaryOp.values()) {
            check("binary " + op + " broadcast", 1e-6, (be, o) -> {
                View a = o.in(3, 17, 5);
                View b = o.in(17, 1);
                be.binary(op, a, new View(b.storage(), b.offset(), new int[] {3, 17, 5}, new int[] {0, 1, 0}),
                        o.out(3, 17, 5));
            });
        }
        check("where", 0, (be, o) -> {
            View c = o.in(3, 1, 5);
            View b = o.in(5);
            be.where(new View(c.storage(), c.offset(), new int[] {3, 6, 5}, new int[] {5, 0, 1}), o.in(3, 6, 5),
                    new View(b.storage(), b.offset(), new int[] {3, 6, 5}, new int[] {0, 0, 1}), o.out(3, 6, 5));
        });
    }

    @Test
    void reductionsAndSelection() {
        check("reduce sum over inner axes", 1e-5, (be, o) -> be.reduce(Reduction.SUM, o.in(3, 41, 5), o.out(3, 1, 1)));
        check("reduce sum over outer axes", 1e-5, (be, o) -> be.reduce(Reduction.SUM, o.in(300, 4, 5), o.out(1, 4, 5)));
        check("reduce sum over everything", 1e-5, (be, o) -> be.reduce(Reduction.SUM, o.in(7, 301), o.out(1, 1)));
        check("reduce max over the middle", 0, (be, o) -> be.reduce(Reduction.MAX, o.in(4, 9, 6), o.out(4, 1, 6)));
        check("reduce nothing", 0, (be, o) -> be.reduce(Reduction.SUM, o.in(4, 3), o.out(4, 3)));
        check("indexSelect", 0, (be, o) -> be.indexSelect(o.in(3, 6, 5), new int[] {4, 0, 4, 2}, o.out(3, 4, 5)));
        check("indexAdd with repeats", 1e-6, (be, o) -> be.indexAdd(o.in(3, 4, 5), new int[] {4, 0, 4, 2}, o.out(3, 6, 5)));
        int[][] picks = new int[3][];
        for (int i = 0; i < 3; i++) {
            Backend be = i == 0 ? ReferenceBackend.INSTANCE : candidate();
            picks[i] = new int[4 * 7];
            be.argmax(new Operands(be, i == 2 ? 5 : 0).in(4, 37, 7), picks[i]);
        }
        assertArrayEquals(picks[0], picks[1], "argmax");
        assertArrayEquals(picks[0], picks[2], "argmax with the operand at offset 5");
    }

    @Test
    void gemm() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                GemmGeometry g = new GemmGeometry(ta, tb, 3, 70, 131, 37);
                check("gemm transA " + ta + " transB " + tb, 1e-4, (be, o) -> {
                    View a = o.in(3, ta ? 37 : 70, ta ? 70 : 37);
                    View b = o.in(tb ? 131 : 37, tb ? 37 : 131); // one B for all batches (batch stride 0)
                    View c = o.out(3, 70, 131);
                    be.gemm(g, 1.5, g.a(a.storage(), a.offset(), 70 * 37), g.b(b.storage(), b.offset(), 0), 0.5,
                            g.c(c.storage(), c.offset()));
                });
            }
        }
        GemmGeometry tiny = GemmGeometry.of(false, false, 1, 1, 1);
        check("gemm 1x1x1, beta 0 ignores the junk in C", 1e-6, (be, o) -> {
            View c = o.put(new float[] {Float.NaN}, 1, 1, 1);
            o.outputs.add(c);
            be.gemm(tiny, 2, tiny.a(o.in(1).storage(), o.off, 0), tiny.b(o.in(1).storage(), o.off, 0), 0,
                    tiny.c(c.storage(), c.offset()));
        });
    }

    @Test
    void convolution() {
        ConvGeometry[] cases = {
            new ConvGeometry(2, 5, 11, 9, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            new ConvGeometry(1, 6, 13, 10, 9, 3, 3, 2, 2, 2, 2, 2, 2, 3),
            new ConvGeometry(2, 9, 5, 7, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1),
            new ConvGeometry(1, 3, 17, 15, 70, 4, 2, 3, 2, 1, 0, 1, 1, 1),
            new ConvGeometry(1, 70, 9, 9, 66, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            // 2112 terms in the weight gradient's sum: split in two (LaunchGeometry.kSplits).
            new ConvGeometry(2, 3, 32, 33, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        };
        for (ConvGeometry cg : cases) {
            check("conv2d " + cg, 1e-4, (be, o) -> be.conv2d(cg, o.in(cg.inputShape()), o.in(cg.weightShape()),
                    o.in(cg.oc()), o.out(cg.outputShape())));
            check("conv2d without bias " + cg, 1e-4, (be, o) -> be.conv2d(cg, o.in(cg.inputShape()),
                    o.in(cg.weightShape()), null, o.out(cg.outputShape())));
            check("conv2dBackwardInput " + cg, 1e-4, (be, o) -> be.conv2dBackwardInput(cg, o.in(cg.outputShape()),
                    o.in(cg.weightShape()), o.out(cg.inputShape())));
            check("conv2dBackwardWeight " + cg, 1e-4, (be, o) -> be.conv2dBackwardWeight(cg, o.in(cg.inputShape()),
                    o.in(cg.outputShape()), o.out(cg.weightShape())));
        }
    }

    @Test
    void poolingAndResizing() {
        PoolGeometry[] pools = {
            new PoolGeometry(Reduction.MAX, 3, 9, 11, 3, 3, 2, 1), new PoolGeometry(Reduction.MEAN, 3, 9, 11, 3, 3, 2, 1),
            new PoolGeometry(Reduction.MAX, 5, 7, 9, 2, 2, 2, 0), new PoolGeometry(Reduction.MEAN, 5, 6, 7, 3, 3, 1, 1),
        };
        for (PoolGeometry pg : pools) {
            check("pool2d " + pg, 1e-6, (be, o) -> be.pool2d(pg, o.in(pg.inputSize()), o.out(pg.outputSize())));
            check("pool2dBackward " + pg, 1e-6, (be, o) -> be.pool2dBackward(pg, o.in(pg.inputSize()),
                    o.in(pg.outputSize()), o.out(pg.inputSize())));
        }
        for (ResizeGeometry rg : new ResizeGeometry[] {new ResizeGeometry(6, 7, 9, 3, 4), new ResizeGeometry(4, 5, 7, 1, 1),
            new ResizeGeometry(2, 3, 5, 7, 11)}) {
            check("adaptiveAvgPool2d " + rg, 1e-6, (be, o) -> be.adaptiveAvgPool2d(rg, o.in(rg.inputSize()),
                    o.out(rg.outputSize())));
            check("adaptiveAvgPool2dBackward " + rg, 1e-6, (be, o) -> be.adaptiveAvgPool2dBackward(rg,
                    o.in(rg.outputSize()), o.out(rg.inputSize())));
        }
        ResizeGeometry up = ResizeGeometry.upsample(5, 3, 7, 2, 3);
        check("upsampleNearest", 0, (be, o) -> be.upsampleNearest(up, o.in(up.inputSize()), o.out(up.outputSize())));
        check("upsampleNearestBackward", 1e-6, (be, o) -> be.upsampleNearestBackward(up, o.in(up.outputSize()),
                o.out(up.inputSize())));
    }

    @Test
    void softmaxAndNormalisation() {
        for (boolean log : new boolean[] {false, true}) {
            for (int cols : new int[] {1, 37, 1000}) {
                SoftmaxGeometry sg = new SoftmaxGeometry(5, cols, log);
                check("softmax " + sg, 1e-5, (be, o) -> be.softmax(sg, o.in(5, cols), o.out(5, cols)));
                check("softmaxBackward " + sg, 1e-5, (be, o) -> {
                    View y = o.out(5, cols);
                    be.softmax(sg, o.in(5, cols), y);
                    be.softmaxBackward(sg, y, o.in(5, cols), o.out(5, cols));
                });
            }
        }
        NormGeometry[] norms = {NormGeometry.group(3, 8, 35, 4, 1e-5), NormGeometry.group(2, 6, 300, 1, 1e-5),
            NormGeometry.batch(4, 3, 25, 1e-5), NormGeometry.batch(3, 5, 101, 1e-3)};
        for (NormGeometry ng : norms) {
            for (boolean affine : new boolean[] {true, false}) {
                String name = ng + (affine ? "" : " without affine");
                check("norm " + name, 1e-4, (be, o) -> be.norm(ng, o.in(ng.n(), ng.c(), ng.hw()),
                        affine ? o.in(ng.c()) : null, affine ? o.in(ng.c()) : null, o.out(ng.n(), ng.c(), ng.hw()),
                        o.out(ng.statistics()), o.out(ng.statistics())));
                check("normBackward " + name, 1e-4, (be, o) -> {
                    View x = o.in(ng.n(), ng.c(), ng.hw());
                    View gamma = affine ? o.in(ng.c()) : null;
                    View mean = o.out(ng.statistics());
                    View rstd = o.out(ng.statistics());
                    be.norm(ng, x, gamma, affine ? o.in(ng.c()) : null, o.out(ng.n(), ng.c(), ng.hw()), mean, rstd);
                    be.normBackward(ng, x, gamma, mean, rstd, o.in(ng.n(), ng.c(), ng.hw()),
                            o.out(ng.n(), ng.c(), ng.hw()), affine ? o.out(ng.c()) : null, affine ? o.out(ng.c()) : null);
                });
            }
        }
    }

    @Test
    void attention() {
        // 70 queries: two row blocks of 64; 45 keys: two key tiles of 32.
        for (boolean masked : new boolean[] {false, true}) {
            for (int d : new int[] {1, 16, 33}) {
                AttentionGeometry ag = new AttentionGeometry(3, 70, 45, d, 1 / Math.sqrt(d));
                String name = "attention d " + d + (masked ? " masked" : "");
                check(name, 1e-4, (be, o) -> be.attention(ag, o.in(3, 70, d), o.in(3, 45, d), o.in(3, 45, d),
                        masked ? o.in(70, 45) : null, o.out(3, 70, d), o.out(3, 70)));
                check(name + " backward", 1e-4, (be, o) -> {
                    View q = o.in(3, 70, d);
                    View k = o.in(3, 45, d);
                    View v = o.in(3, 45, d);
                    View mask = masked ? o.in(70, 45) : null;
                    View out = o.out(3, 70, d);
                    View lse = o.out(3, 70);
                    be.attention(ag, q, k, v, mask, out, lse);
                    be.attentionBackward(ag, q, k, v, mask, out, lse, o.in(3, 70, d), o.out(3, 70, d),
                            o.out(3, 45, d), o.out(3, 45, d));
                });
            }
        }
    }

    @Test
    void fusedAdamStep() {
        for (boolean decoupled : new boolean[] {false, true}) {
            AdamHyperparameters h = new AdamHyperparameters(1e-2, 0.9, 0.999, 1e-8, 0.1, decoupled, 0.19, 0.002);
            check("fusedAdamStep decoupled " + decoupled, 1e-5, (be, o) -> {
                View p = o.out(1001);
                View m = o.out(1001);
                View v = o.out(1001);
                be.fusedAdamStep(h, p, o.in(1001), m, v);
                be.fusedAdamStep(h, p, o.in(1001), m, v);
            });
        }
    }

    // ------------------------------------------------------------------ whole ops through autograd

    /** The forward and every input gradient of {@code f}, on the reference and on the candidate inside a Workspace step. */
    private void sameThroughAutograd(String name, double tol, Function<Tensor[], Tensor> f, int[]... shapes) {
        float[][] ref = runAutograd(ReferenceBackend.INSTANCE, f, shapes, false);
        float[][] got = runAutograd(candidate(), f, shapes, true);
        for (int i = 0; i < ref.length; i++) {
            assertClose(name + (i == 0 ? " forward" : " gradient of input " + (i - 1)), ref[i], got[i], tol);
        }
    }

    private static float[][] runAutograd(Backend be, Function<Tensor[], Tensor> f, int[][] shapes, boolean inWorkspace) {
        Rng rng = new Rng(21);
        float[][] result = new float[1 + shapes.length][];
        Workspace ws = new Workspace();
        try (Backends.Scope s = Backends.use(be); Workspace.Step step = inWorkspace ? ws.step() : null) {
            Tensor[] in = new Tensor[shapes.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = Tensor.randn(rng, shapes[i]).requiresGrad(true);
            }
            Tensor out = f.apply(in);
            result[0] = out.toArray();
            out.mul(Tensor.randn(new Rng(3), out.shape())).sum().backward();
            for (int i = 0; i < in.length; i++) {
                result[1 + i] = in[i].grad().toArray();
            }
        }
        return result;
    }

    @Test
    void aUNetLikeBlockTrainsTheSameThroughAutograd() {
        sameThroughAutograd("conv, group norm, silu, pooling, upsampling", 1e-4,
                t -> Functional.upsampleNearest(Functional.maxPool2d(Functional.groupNorm(Functional.conv2d(t[0], t[1],
                        t[2], 1, 1, 1, 1), 2, t[3], t[4], 1e-5).silu(), 2, 2, 0), 2),
                new int[] {2, 3, 10, 9}, new int[] {6, 3, 3, 3}, new int[] {6}, new int[] {6}, new int[] {6});
        sameThroughAutograd("attention, matmul, softmax, reductions", 1e-4,
                t -> Functional.attention(t[0], t[1], t[1], null, 0.3).matmul(t[2]).softmax(-1).sum(new int[] {1}, true),
                new int[] {1, 2, 37, 16}, new int[] {1, 2, 45, 16}, new int[] {16, 9});
    }

    /** The losses of a few Adam steps of a small conv + norm + attention network on {@code be}, each step in a Workspace. */
    private static float[] trainingLosses(Backend be, int steps) {
        float[] losses = new float[steps];
        Workspace ws = new Workspace();
        try (Backends.Scope s = Backends.use(be)) {
            Rng rng = new Rng(5);
            Tensor x = Tensor.randn(rng, 2, 3, 8, 8);
            Tensor target = Tensor.randn(rng, 2, 4, 8, 8);
            Tensor[] params = {Tensor.randn(rng, 8, 3, 3, 3).mul(0.2), Tensor.randn(rng, 8), Tensor.randn(rng, 8),
                Tensor.randn(rng, 4, 8, 1, 1).mul(0.3)};
            Tensor[][] moments = new Tensor[params.length][2];
            for (int i = 0; i < params.length; i++) {
                params[i] = params[i].detach().requiresGrad(true);
                moments[i][0] = Tensor.zeros(params[i].shape());
                moments[i][1] = Tensor.zeros(params[i].shape());
            }
            for (int step = 0; step < steps; step++) {
                try (Workspace.Step st = ws.step()) {
                    Tensor h = Functional.groupNorm(Functional.conv2d(x, params[0], null, 1, 1, 1, 1), 2, params[1],
                            params[2], 1e-5).silu();
                    Tensor tokens = h.reshape(2, 1, 8, 64).transpose(2, 3);
                    Tensor mixed = Functional.attention(tokens, tokens, tokens, null, 0.35).transpose(2, 3)
                            .reshape(2, 8, 8, 8);
                    Tensor loss = Functional.mseLoss(Functional.conv2d(mixed.add(h), params[3], null, 1, 0, 1, 1), target);
                    losses[step] = loss.toArray()[0];
                    loss.backward();
                    for (int i = 0; i < params.length; i++) {
                        params[i].adamStepInPlace(params[i].grad(), moments[i][0], moments[i][1], step + 1, 0.05, 0.9,
                                0.999, 1e-8, 0.01, true);
                        params[i].setGrad(null);
                    }
                }
            }
        }
        return losses;
    }

    @Test
    void aSmallNetworkTrainsLikeTheReference() {
        float[] ref = trainingLosses(ReferenceBackend.INSTANCE, 6);
        float[] got = trainingLosses(candidate(), 6);
        assertClose("loss per Adam step", ref, got, 1e-3);
        if (!(got[5] < got[0])) {
            throw new AssertionError("the loss did not fall: " + Arrays.toString(got));
        }
    }
}
