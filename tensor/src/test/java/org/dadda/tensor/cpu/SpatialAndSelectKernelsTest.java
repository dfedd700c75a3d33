package org.dadda.tensor.cpu;

import org.dadda.tensor.parallel.Parallel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Shape;
import org.dadda.tensor.PoolGeometry;
import org.dadda.tensor.Reduction;
import org.dadda.tensor.ResizeGeometry;
import org.dadda.tensor.Storage;
import org.dadda.tensor.View;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The specialised float32 pooling, upsampling and selection kernels of {@link CpuBackend} against
 * the reference kernels, called through the {@link Backend} interface: odd shapes, padding,
 * overlapping windows, ties and NaNs, inputs at a non-zero offset, outputs pre-filled with junk
 * (overwritten, or accumulated into where the contract says so), and bit-identical results at 1, 2
 * and 3 worker threads on problems big enough to be split.
 */
class SpatialAndSelectKernelsTest {
    /** Elements of junk in front of every offset input. */
    private static final int OFF = 5;
    /** Problem size (in taps) that makes the kernels split their work over 3 threads. */
    private static final int SPLIT_WORK = 4 << 15;
    private static final int[] THREADS = {1, 2, 3};

    /** One kernel call on {@code be}: inputs are storages of the given arrays, {@code out} is pre-filled. */
    @FunctionalInterface
    private interface Call {
        void run(Backend be, Storage[] in, Storage out);
    }

    /** Input values: distinct Gaussians, small integers (ties everywhere), or integers with NaNs. */
    private enum Values { GAUSS, TIES, NANS }

    private static float[] values(Rng rng, int n, Values kind) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = kind == Values.GAUSS ? (float) rng.nextGaussian() : (float) Math.floor(rng.nextFloat() * 5 - 2);
            if (kind == Values.NANS && rng.nextFloat() < 0.05) {
                v[i] = Float.NaN;
            }
        }
        return v;
    }

    /** {@code v} behind {@link #OFF} junk elements, for inputs passed with an offset. */
    private static float[] behindJunk(float[] v) {
        float[] r = new float[OFF + v.length];
        Arrays.fill(r, 0, OFF, 1e6f);
        System.arraycopy(v, 0, r, OFF, v.length);
        return r;
    }

    /**
     * Runs {@code call} on the reference backend and on the cpu backend at each thread count,
     * the output pre-filled with 0.5; cpu results must be bit-identical across thread counts and
     * within {@code tol} (relative) of the reference.
     */
    private static void check(String what, double tol, int outLen, Call call, float[]... inputs) {
        float[] ref = run(ReferenceBackend.INSTANCE, call, outLen, inputs);
        float[] first = null;
        for (int t : THREADS) {
            float[] got = withThreads(t, () -> run(CpuBackend.INSTANCE, call, outLen, inputs));
            assertClose(what + " at " + t + " threads", ref, got, tol);
            if (first == null) {
                first = got;
            } else {
                assertArrayEquals(first, got, what + ": results differ between 1 and " + t + " threads");
            }
        }
    }

    private static float[] run(Backend be, Call call, int outLen, float[][] inputs) {
        Storage[] in = new Storage[inputs.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = be.fromFloats(inputs[i], 0, inputs[i].length);
        }
        Storage out = be.allocate(outLen);
        be.fill(View.dense(out, 0, outLen), 0.5);
        call.run(be, in, out);
        return be.toFloats(View.dense(out, 0, outLen));
    }

    private static <T> T withThreads(int threads, java.util.function.Supplier<T> body) {
        int old = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            return body.get();
        } finally {
            Parallel.setThreads(old);
        }
    }

    private static void assertClose(String what, float[] ref, float[] got, double tol) {
        if (ref.length != got.length) {
            throw new AssertionError(what + ": lengths " + ref.length + " vs " + got.length);
        }
        for (int i = 0; i < ref.length; i++) {
            boolean same = ref[i] == got[i] || Float.isNaN(ref[i]) && Float.isNaN(got[i]);
            if (!same && !(Math.abs(ref[i] - got[i]) <= tol * (1 + Math.abs(ref[i])))) {
                throw new AssertionError(what + "[" + i + "]: reference " + ref[i] + ", cpu " + got[i]);
            }
        }
    }

    /** Plane counts for a problem of {@code workPerPlane}: one plane, a few, and enough to be split (not a multiple of 2 or 3). */
    private static int[] planeCounts(long workPerPlane) {
        int big = (int) (SPLIT_WORK / Math.max(1, workPerPlane)) + 1;
        while (big % 2 == 0 || big % 3 == 0) {
            big++;
        }
        return new int[] {1, 5, big};
    }

    @Test
    void pool2dForwardAndBackward() {
        // {h, w, kh, kw, stride, pad}: ResNet's stem, U-Net's 2x2 on odd sizes, stride 1, a
        // rectangular window, a window wider than its stride, a 1x1 input, and windows wholly in
        // padding (outside Functional's checks, but the interface allows them).
        int[][] geometries = {
            {9, 11, 3, 3, 2, 1}, {7, 7, 2, 2, 2, 0}, {8, 10, 3, 3, 1, 1}, {5, 13, 3, 2, 2, 1},
            {6, 6, 4, 4, 3, 2}, {1, 1, 1, 1, 1, 0}, {4, 4, 2, 2, 1, 2},
        };
        Rng rng = new Rng(41);
        for (int[] g : geometries) {
            int h = g[0];
            int w = g[1];
            int kh = g[2];
            int kw = g[3];
            int stride = g[4];
            int pad = g[5];
            int oh = (h + 2 * pad - kh) / stride + 1;
            int ow = (w + 2 * pad - kw) / stride + 1;
            for (int planes : planeCounts((long) oh * ow * kh * kw)) {
                for (Values kind : Values.values()) {
                    float[] x = behindJunk(values(rng, planes * h * w, kind));
                    float[] gy = values(rng, planes * oh * ow, Values.GAUSS);
                    for (boolean max : new boolean[] {true, false}) {
                        PoolGeometry geo = new PoolGeometry(max ? Reduction.MAX : Reduction.MEAN, planes, h, w, kh, kw,
                                stride, pad);
                        String what = (max ? "max" : "avg") + "Pool " + Arrays.toString(g) + " planes "
                                + planes + " " + kind;
                        check(what + " forward", 1e-6, planes * oh * ow,
                                (be, in, out) -> be.pool2d(geo, View.dense(in[0], OFF, planes * h * w),
                                        View.dense(out, 0, planes * oh * ow)), x);
                        check(what + " backward", 1e-6, planes * h * w,
                                (be, in, out) -> be.pool2dBackward(geo, View.dense(in[0], OFF, planes * h * w),
                                        View.dense(in[1], 0, planes * oh * ow), View.dense(out, 0, planes * h * w)), x, gy);
                    }
                }
            }
        }
    }

    @Test
    void maxPoolBackwardRoutesTiesToTheFirstMaximum() {
        // A constant plane: every tap ties, so each window's gradient must land on its top-left
        // valid tap; with 3x3 stride 2 pad 1 over 5x5 those are the even rows and columns but 0.
        float[] x = new float[25];
        Arrays.fill(x, 3f);
        float[] gy = new float[9];
        Arrays.fill(gy, 1f);
        Storage gx = CpuBackend.INSTANCE.allocate(25);
        CpuBackend.INSTANCE.pool2dBackward(new PoolGeometry(Reduction.MAX, 1, 5, 5, 3, 3, 2, 1),
                View.dense(CpuBackend.INSTANCE.fromFloats(x, 0, 25), 0, 25),
                View.dense(CpuBackend.INSTANCE.fromFloats(gy, 0, 9), 0, 9), View.dense(gx, 0, 25));
        float[] expected = new float[25];
        for (int oy = 0; oy < 3; oy++) {
            for (int ox = 0; ox < 3; ox++) {
                expected[Math.max(0, 2 * oy - 1) * 5 + Math.max(0, 2 * ox - 1)] += 1;
            }
        }
        assertArrayEquals(expected, CpuBackend.INSTANCE.toFloats(View.dense(gx, 0, 25)));
    }

    @Test
    void adaptiveAvgPoolForwardAndBackward() {
        // {h, w, oh, ow}: uneven bins, even bins, global pooling, more bins than inputs.
        int[][] geometries = {{7, 9, 3, 4}, {10, 10, 5, 5}, {5, 7, 1, 1}, {3, 5, 7, 8}, {13, 11, 4, 6}};
        Rng rng = new Rng(43);
        for (int[] g : geometries) {
            int h = g[0];
            int w = g[1];
            int oh = g[2];
            int ow = g[3];
            for (int planes : planeCounts((long) h * w + oh * ow)) {
                float[] x = behindJunk(values(rng, planes * h * w, Values.GAUSS));
                float[] gy = values(rng, planes * oh * ow, Values.GAUSS);
                String what = "adaptiveAvgPool " + Arrays.toString(g) + " planes " + planes;
                check(what + " forward", 1e-5, planes * oh * ow,
                        (be, in, out) -> be.adaptiveAvgPool2d(new ResizeGeometry(planes, h, w, oh, ow),
                                View.dense(in[0], OFF, planes * h * w), View.dense(out, 0, planes * oh * ow)), x);
                check(what + " backward", 1e-5, planes * h * w,
                        (be, in, out) -> be.adaptiveAvgPool2dBackward(new ResizeGeometry(planes, h, w, oh, ow),
                                View.dense(in[0], 0, planes * oh * ow), View.dense(out, 0, planes * h * w)), gy);
            }
        }
    }

    @Test
    void upsampleNearestForwardAndBackward() {
        // {h, w, sh, sw}: square, one axis only, a column, the identity, odd factors.
        int[][] geometries = {{3, 5, 2, 2}, {4, 3, 1, 3}, {5, 1, 3, 1}, {1, 1, 1, 1}, {7, 9, 2, 3}};
        Rng rng = new Rng(47);
        for (int[] g : geometries) {
            int h = g[0];
            int w = g[1];
            int sh = g[2];
            int sw = g[3];
            int n = h * sh * w * sw;
            for (int planes : planeCounts(n)) {
                float[] x = behindJunk(values(rng, planes * h * w, Values.NANS));
                float[] gy = values(rng, planes * n, Values.GAUSS);
                String what = "upsampleNearest " + Arrays.toString(g) + " planes " + planes;
                check(what + " forward", 0, planes * n,
                        (be, in, out) -> be.upsampleNearest(ResizeGeometry.upsample(planes, h, w, sh, sw),
                                View.dense(in[0], OFF, planes * h * w), View.dense(out, 0, planes * n)), x);
                check(what + " backward", 1e-6, planes * h * w,
                        (be, in, out) -> be.upsampleNearestBackward(ResizeGeometry.upsample(planes, h, w, sh, sw),
                                View.dense(in[0], 0, planes * n), View.dense(out, 0, planes * h * w)), gy);
            }
        }
    }

    @Test
    void indexSelectAndIndexAdd() {
        // {outer, n, inner} with repeated, unordered indices; the last two are big enough to split
        // along outer and along inner columns.
        int[][] geometries = {{3, 7, 5}, {1, 50, 9000}, {20001, 4, 3}, {1, 3, 1}};
        int[][] picks = {{6, 0, 0, 3, 6}, {49, 0, 7, 7, 7, 12, 3, 49, 20, 21, 22, 23, 24, 25}, {2, 2, 1, 0, 3, 2}, {1}};
        Rng rng = new Rng(53);
        for (int c = 0; c < geometries.length; c++) {
            int outer = geometries[c][0];
            int n = geometries[c][1];
            int inner = geometries[c][2];
            int[] idx = picks[c];
            float[] x = behindJunk(values(rng, outer * n * inner, Values.NANS));
            float[] g = values(rng, outer * idx.length * inner, Values.GAUSS);
            String what = Arrays.toString(geometries[c]);
            check("indexSelect " + what, 0, outer * idx.length * inner,
                    (be, in, out) -> be.indexSelect(View.dense(in[0], OFF, outer, n, inner), idx,
                            View.dense(out, 0, outer, idx.length, inner)), x);
            // The 0.5 already in the output checks that indexAdd accumulates; float64 reference
            // storage rounds repeated sums only once.
            check("indexAdd " + what, 1e-6, outer * n * inner,
                    (be, in, out) -> be.indexAdd(View.dense(in[0], 0, outer, idx.length, inner), idx,
                            View.dense(out, 0, outer, n, inner)), g);
        }
    }

    @Test
    void argmaxPicksTheFirstMaximum() {
        // {outer, n, inner}: inner 1, several column blocks, many slabs, a single entry.
        int[][] geometries = {{7, 13, 1}, {2, 9, 6000}, {30001, 5, 3}, {1, 1, 1}, {3, 6, 7}};
        Rng rng = new Rng(59);
        for (int[] g : geometries) {
            for (Values kind : Values.values()) {
                float[] x = behindJunk(values(rng, g[0] * g[1] * g[2], kind));
                int[] ref = argmax(ReferenceBackend.INSTANCE, x, g);
                for (int t : THREADS) {
                    assertArrayEquals(ref, withThreads(t, () -> argmax(CpuBackend.INSTANCE, x, g)),
                            "argmax " + Arrays.toString(g) + " " + kind + " at " + t + " threads");
                }
            }
        }
    }

    private static int[] argmax(Backend be, float[] x, int[] g) {
        int[] out = new int[g[0] * g[2]];
        Arrays.fill(out, -7);
        be.argmax(View.dense(be.fromFloats(x, 0, x.length), OFF, g[0], g[1], g[2]), out);
        return out;
    }

    @Test
    void whereBroadcastsLikeTheReference() {
        // {cond, a, b, out} shapes: all dense (big enough to split), broadcast on every operand,
        // a scalar condition, and a rank-0 result.
        int[][][] cases = {
            {{401, 333}, {401, 333}, {401, 333}, {401, 333}},
            {{4, 1, 7}, {4, 5, 7}, {7}, {4, 5, 7}},
            {{1}, {3, 1}, {1, 6}, {3, 6}},
            {{2, 3, 1, 5}, {1, 3, 4, 1}, {2, 1, 4, 5}, {2, 3, 4, 5}},
            {{}, {}, {}, {}},
        };
        Rng rng = new Rng(61);
        for (int[][] c : cases) {
            int[] outShape = c[3];
            float[] cond = behindJunk(values(rng, Shape.numel(c[0]), Values.NANS));
            for (int i = OFF; i < cond.length; i++) {
                // Mostly 0 and 1, some NaN (which counts as true) and other non-zeros.
                cond[i] = Float.isNaN(cond[i]) || cond[i] < 0 ? cond[i] : cond[i] == 0 ? 0 : 1;
            }
            float[] a = behindJunk(values(rng, Shape.numel(c[1]), Values.GAUSS));
            float[] b = behindJunk(values(rng, Shape.numel(c[2]), Values.GAUSS));
            int[] cs = Shape.broadcastStrides(c[0], outShape);
            int[] as = Shape.broadcastStrides(c[1], outShape);
            int[] bs = Shape.broadcastStrides(c[2], outShape);
            check("where " + Arrays.deepToString(c), 0, Shape.numel(outShape),
                    (be, in, out) -> be.where(new View(in[0], OFF, outShape, cs), new View(in[1], OFF, outShape, as),
                            new View(in[2], OFF, outShape, bs), View.dense(out, 0, outShape)),
                    cond, a, b);
        }
    }
}
