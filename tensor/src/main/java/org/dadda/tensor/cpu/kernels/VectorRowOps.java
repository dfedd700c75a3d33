package org.dadda.tensor.cpu.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link RowOps}. The power of two is {@code 2^x = 2^n * 2^f} with {@code n = round(x)}
 * and {@code 2^f} from its degree-6 Taylor polynomial on {@code |f| <= 1/2} (relative error about
 * 1e-7), built only from add, multiply, fma and compares, whose results are the same whether the JIT
 * has intrinsified the Vector API yet or not; no min/max clamps (Java's min/max semantics cost several
 * instructions each), since softmax arguments never exceed 0 by more than rounding. Horizontal sums
 * use a fixed butterfly of lane-wise adds ({@code reduceLanes} does not fix its order).
 */
final class VectorRowOps implements RowOps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    /** Below this 2^x would be subnormal; such arguments give exactly 0. */
    private static final float EXP2_LO = -126f;
    /** (ln 2)^k / k!, k = 1..6. */
    private static final float C1 = 0.6931471805599453f;
    private static final float C2 = 0.2402265069591007f;
    private static final float C3 = 0.05550410866482158f;
    private static final float C4 = 0.009618129107628477f;
    private static final float C5 = 0.0013333558146428443f;
    private static final float C6 = 1.5403530393381606e-4f;

    /** 2^x lane-wise for x <= 127; x below -126 gives 0, NaN stays NaN. */
    static FloatVector exp2(FloatVector x) {
        FloatVector t = x.add(ROUND_MAGIC);
        FloatVector f = x.sub(t.sub(ROUND_MAGIC));
        FloatVector y = f.fma(C6, C5);
        y = y.fma(f, FloatVector.broadcast(S, C4));
        y = y.fma(f, FloatVector.broadcast(S, C3));
        y = y.fma(f, FloatVector.broadcast(S, C2));
        y = y.fma(f, FloatVector.broadcast(S, C1));
        y = y.fma(f, FloatVector.broadcast(S, 1f));
        // The low bits of t hold n; shifting them into the exponent field builds 2^n.
        IntVector bits = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(127 << 23);
        y = y.mul(bits.reinterpretAsFloats());
        return y.blend(0f, x.lt(EXP2_LO));
    }

    /** Scalar twin of {@link #exp2(FloatVector)}, same operations, for row tails. */
    static float exp2(float x) {
        float t = x + ROUND_MAGIC;
        float f = x - (t - ROUND_MAGIC);
        float y = Math.fma(f, C6, C5);
        y = Math.fma(y, f, C4);
        y = Math.fma(y, f, C3);
        y = Math.fma(y, f, C2);
        y = Math.fma(y, f, C1);
        y = Math.fma(y, f, 1f);
        y *= Float.intBitsToFloat((Float.floatToRawIntBits(t) << 23) + (127 << 23));
        return x < EXP2_LO ? 0f : y;
    }

    /** Shuffles that swap lane {@code i} with lane {@code i ^ step}, for step = L/2, L/4, ..., 1. */
    private static final VectorShuffle<Float>[] SWAPS = swaps();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] swaps() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] s = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int step = L >> (k + 1);
            s[k] = VectorShuffle.fromOp(S, i -> i ^ step);
        }
        return s;
    }

    /**
     * Sum of the lanes by a fixed butterfly of lane-wise adds, the same bits however the Vector API is
     * executed ({@code reduceLanes} leaves the order open).
     */
    private static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> s : SWAPS) {
            v = v.add(v.rearrange(s));
        }
        return v.lane(0);
    }

    /**
     * Largest lane (max is exact in any order). The running maxima above use compare-and-blend, two
     * instructions, rather than {@code max}, whose Java semantics (NaN, signed zeros) cost several; a
     * NaN score is then skipped by the maximum but still poisons its row through the exponentials.
     */
    private static float maxLanes(FloatVector v) {
        return v.reduceLanes(VectorOperators.MAX);
    }

    @Override
    public float addMax(float[] x, int off, int n, float[] add, int addOff) {
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        int bound = S.loopBound(n);
        if (add == null) {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i);
                vmax = vmax.blend(v, v.compare(VectorOperators.GT, vmax));
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, add, addOff + i));
                v.intoArray(x, off + i);
                vmax = vmax.blend(v, v.compare(VectorOperators.GT, vmax));
            }
        }
        float max = maxLanes(vmax);
        for (; i < n; i++) {
            float v = x[off + i];
            if (add != null) {
                v += add[addOff + i];
                x[off + i] = v;
            }
            max = Math.max(max, v);
        }
        return max;
    }

    @Override
    public float exp2Sub(float[] x, int off, int n, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector e = exp2(FloatVector.fromArray(S, x, off + i).sub(shift));
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            float e = exp2(x[off + i] - shift);
            x[off + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void exp2AddSub(float[] x, int off, int n, float[] add, int addOff, float shift) {
        int i = 0;
        int bound = S.loopBound(n);
        if (add == null) {
            for (; i < bound; i += L) {
                exp2(FloatVector.fromArray(S, x, off + i).sub(shift)).intoArray(x, off + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, add, addOff + i));
                exp2(v.sub(shift)).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            float v = add == null ? x[off + i] : x[off + i] + add[addOff + i];
            x[off + i] = exp2(v - shift);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i], s);
        }
        return s;
    }

    @Override
    public void mulSub(float[] p, int pOff, float[] g, int gOff, int n, float delta, float factor) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, g, gOff + i).sub(delta).mul(FloatVector.fromArray(S, p, pOff + i)).mul(factor)
                    .intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            g[gOff + i] = p[pOff + i] * (g[gOff + i] - delta) * factor;
        }
    }

    @Override
    public void scale(float[] x, int off, int n, float s) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(s).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }
}
