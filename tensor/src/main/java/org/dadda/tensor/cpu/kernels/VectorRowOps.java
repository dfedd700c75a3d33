package org.dadda.tensor.cpu.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link RowOps}. The exponential is a Cephes-style range reduction and degree-6
 * polynomial (relative error about 2 ulp) built only from add, multiply, fma, min and max, whose
 * results are the same whether the JIT has intrinsified the Vector API yet or not; horizontal sums
 * add the lanes in index order for the same reason ({@code reduceLanes} does not fix its order).
 */
final class VectorRowOps implements RowOps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    /** Below this the result would be subnormal; such inputs give exactly 0. */
    private static final float EXP_LO = -87.0f;
    private static final float EXP_HI = 88.0f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    /** e^x lane-wise; inputs below -87 give 0, above 88 give e^88, NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = xc.fma(LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector y = r.fma(P0, P1);
        y = y.fma(r, FloatVector.broadcast(S, P2));
        y = y.fma(r, FloatVector.broadcast(S, P3));
        y = y.fma(r, FloatVector.broadcast(S, P4));
        y = y.fma(r, FloatVector.broadcast(S, P5));
        FloatVector r2 = r.mul(r);
        y = y.fma(r2, r.add(1f));
        // The low bits of t hold n; shifting them into the exponent field builds 2^n.
        IntVector bits = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(127 << 23);
        FloatVector pow2 = bits.reinterpretAsFloats();
        y = y.mul(pow2);
        return y.blend(0f, x.lt(EXP_LO));
    }

    /** Scalar twin of {@link #exp(FloatVector)}, same operations, for row tails. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float y = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
        y = Math.fma(y, r * r, r + 1f);
        float pow2 = Float.intBitsToFloat((Float.floatToRawIntBits(t) << 23) + (127 << 23));
        y *= pow2;
        return x < EXP_LO ? 0f : (Float.isNaN(x) ? x : y);
    }

    private static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    private static float maxLanes(FloatVector v) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < L; i++) {
            m = Math.max(m, v.lane(i));
        }
        return m;
    }

    @Override
    public float scaleAddMax(float[] x, int off, int n, float scale, float[] add, int addOff) {
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector vscale = FloatVector.broadcast(S, scale);
        int i = 0;
        int bound = S.loopBound(n);
        if (add == null) {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i).mul(scale);
                v.intoArray(x, off + i);
                vmax = vmax.max(v);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i).fma(vscale, FloatVector.fromArray(S, add, addOff + i));
                v.intoArray(x, off + i);
                vmax = vmax.max(v);
            }
        }
        float max = maxLanes(vmax);
        for (; i < n; i++) {
            float v = add == null ? x[off + i] * scale : Math.fma(x[off + i], scale, add[addOff + i]);
            x[off + i] = v;
            max = Math.max(max, v);
        }
        return max;
    }

    @Override
    public float expSub(float[] x, int off, int n, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, x, off + i).sub(shift));
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            float e = exp(x[off + i] - shift);
            x[off + i] = e;
            sum += e;
        }
        return sum;
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
