package org.dadda.tensor.cpu;

import org.dadda.tensor.parallel.Parallel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.cpu.support.KernelConfig;

/**
 * Runs every hot CPU kernel (forward and backward) on fixed seeded inputs and digests the raw bits
 * of the results, first while the code is still interpreted, then again after a warm-up that lets
 * C2 compile (and intrinsify) the kernels. Sizes are odd so that vector bodies and scalar tails
 * both run. {@link #main} prints one line per kernel, {@code <name> cold=<hex> hot=<hex>}, for
 * {@code JitDeterminismTest} to compare within one JVM and across JVMs with different JIT settings.
 */
public final class KernelWorkout {

    private KernelWorkout() {
    }

    /** Standard-normal values from a generator seeded per input, so inputs never depend on call order. */
    private static float[] normal(long seed, int n) {
        return Tensor.randn(new Rng(seed), n).toArray();
    }

    private static Tensor leaf(float[] v, int... shape) {
        return Tensor.fromArray(v, shape).requiresGrad(true);
    }

    /** The result and the gradients of {@code sum(f(inputs) * weights)} with respect to {@code inputs}. */
    private static float[][] withGrads(Tensor out, float[] weights, Tensor... inputs) {
        out.mul(Tensor.fromArray(weights, out.shape())).sum().backward();
        List<float[]> r = new ArrayList<>();
        r.add(out.toArray());
        for (Tensor t : inputs) {
            r.add(t.grad().toArray());
        }
        return r.toArray(new float[0][]);
    }

    private static float[][] unary(java.util.function.UnaryOperator<Tensor> f, float shift) {
        int n = 16 * 23 + 7;
        float[] x = normal(1, n);
        for (int i = 0; i < n; i++) {
            x[i] = 3 * x[i] + shift;
        }
        Tensor t = leaf(x, n);
        return withGrads(f.apply(t), normal(2, n), t);
    }

    /** The kernels, each a fresh computation from the same inputs on every call. */
    static Map<String, Supplier<float[][]>> kernels() {
        Map<String, Supplier<float[][]>> k = new LinkedHashMap<>();
        k.put("silu", () -> unary(Tensor::silu, 0));
        k.put("sigmoid", () -> unary(Tensor::sigmoid, 0));
        k.put("exp", () -> unary(Tensor::exp, -2));
        k.put("log", () -> unary(t -> t.abs().add(0.1).log(), 0));
        k.put("tanh", () -> unary(Tensor::tanh, 0));
        k.put("gelu", () -> unary(Tensor::gelu, 0));
        k.put("pow", () -> unary(t -> t.abs().add(0.1).pow(1.7), 0));
        k.put("sqrt", () -> unary(t -> t.abs().add(0.1).sqrt(), 0));
        k.put("softmax", () -> {
            Tensor x = leaf(normal(3, 7 * 45), 7, 45);
            return withGrads(x.mul(4).softmax(1), normal(4, 7 * 45), x);
        });
        k.put("logSoftmax", () -> {
            Tensor x = leaf(normal(5, 7 * 45), 7, 45);
            return withGrads(x.mul(4).logSoftmax(1), normal(6, 7 * 45), x);
        });
        k.put("crossEntropy", () -> {
            Tensor x = leaf(normal(7, 9 * 11), 9, 11);
            Tensor loss = Functional.crossEntropy(x, new int[] {0, 3, 5, 10, 2, 2, 7, 1, 9});
            loss.backward();
            return new float[][] {loss.toArray(), x.grad().toArray()};
        });
        k.put("groupNorm", () -> {
            Tensor x = leaf(normal(8, 2 * 8 * 35), 2, 8, 5, 7);
            Tensor g = leaf(normal(9, 8), 8);
            Tensor b = leaf(normal(10, 8), 8);
            return withGrads(Functional.groupNorm(x, 4, g, b, 1e-5), normal(11, 2 * 8 * 35), x, g, b);
        });
        k.put("batchNorm", () -> {
            Tensor x = leaf(normal(12, 3 * 4 * 30), 3, 4, 6, 5);
            Tensor g = leaf(normal(13, 4), 4);
            Tensor b = leaf(normal(14, 4), 4);
            Tensor rm = Tensor.zeros(4);
            Tensor rv = Tensor.ones(4);
            float[][] r = withGrads(Functional.batchNorm(x, rm, rv, g, b, true, 0.1, 1e-5), normal(15, 3 * 4 * 30), x, g, b);
            List<float[]> all = new ArrayList<>(List.of(r));
            all.add(rm.toArray());
            all.add(rv.toArray());
            return all.toArray(new float[0][]);
        });
        k.put("attention", () -> {
            Tensor q = leaf(normal(16, 2 * 37 * 16), 1, 2, 37, 16);
            Tensor key = leaf(normal(17, 2 * 45 * 16), 1, 2, 45, 16);
            Tensor v = leaf(normal(18, 2 * 45 * 16), 1, 2, 45, 16);
            Tensor mask = Tensor.fromArray(normal(19, 37 * 45), 37, 45);
            return withGrads(Functional.attention(q, key, v, mask, 0.25), normal(20, 2 * 37 * 16), q, key, v);
        });
        k.put("conv2d", () -> {
            Tensor x = leaf(normal(21, 2 * 3 * 81), 2, 3, 9, 9);
            Tensor w = leaf(normal(22, 8 * 27), 8, 3, 3, 3);
            Tensor b = leaf(normal(23, 8), 8);
            return withGrads(Functional.conv2d(x, w, b, 1, 1, 1, 1), normal(24, 2 * 8 * 81), x, w, b);
        });
        k.put("conv2dStride2", () -> {
            Tensor x = leaf(normal(25, 2 * 3 * 81), 2, 3, 9, 9);
            Tensor w = leaf(normal(26, 8 * 27), 8, 3, 3, 3);
            return withGrads(Functional.conv2d(x, w, null, 2, 1, 1, 1), normal(27, 2 * 8 * 25), x, w);
        });
        k.put("matmul", () -> {
            Tensor a = leaf(normal(28, 33 * 47), 33, 47);
            Tensor b = leaf(normal(29, 47 * 29), 47, 29);
            return withGrads(a.matmul(b), normal(30, 33 * 29), a, b);
        });
        k.put("pools", () -> {
            Tensor x = leaf(normal(31, 2 * 3 * 81), 2, 3, 9, 9);
            Tensor y = Functional.maxPool2d(x, 3, 2, 1).add(Functional.avgPool2d(x, 3, 2, 1));
            Tensor z = Functional.upsampleNearest(y, 2);
            return withGrads(Functional.adaptiveAvgPool2d(z, 1, 1), normal(32, 6), x);
        });
        k.put("reductions", () -> {
            Tensor x = leaf(normal(33, 5 * 6 * 37), 5, 6, 37);
            Tensor y = x.sum(new int[] {0, 2}, false).add(x.mean(1, false).sum(1, false).mean());
            return withGrads(y, normal(34, 6), x);
        });
        k.put("adam", () -> {
            Tensor p = Tensor.fromArray(normal(35, 1000), 1000);
            Tensor m = Tensor.zeros(1000);
            Tensor v = Tensor.zeros(1000);
            for (int step = 1; step <= 3; step++) {
                p.adamStepInPlace(Tensor.fromArray(normal(35 + step, 1000), 1000), m, v, step, 1e-3, 0.9, 0.999, 1e-8, 0.01, true);
            }
            return new float[][] {p.toArray(), m.toArray(), v.toArray()};
        });
        return k;
    }

    /** FNV-1a over the raw bits of every array. */
    static long digest(float[][] arrays) {
        long h = 0xcbf29ce484222325L;
        for (float[] a : arrays) {
            h = (h ^ a.length) * 0x100000001b3L;
            for (float v : a) {
                h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
            }
        }
        return h;
    }

    /**
     * Prints the kernel path, then {@code <name> cold=<hex> hot=<hex>} per kernel: cold from the first
     * call of all, hot after {@code args[0]} further calls of each.
     */
    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        Map<String, Supplier<float[][]>> kernels = kernels();
        Map<String, Long> cold = new LinkedHashMap<>();
        kernels.forEach((name, f) -> cold.put(name, digest(f.get())));
        for (int i = 0; i < warm; i++) {
            kernels.values().forEach(Supplier::get);
        }
        System.out.println("simd=" + KernelConfig.simdEnabled() + " threads=" + Parallel.threads());
        kernels.forEach((name, f) -> System.out.println(name + " cold=" + Long.toHexString(cold.get(name)) + " hot="
                + Long.toHexString(digest(f.get()))));
    }
}
