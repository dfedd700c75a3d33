package org.dadda.tensor.cpu.rows;

import org.dadda.tensor.cpu.support.VectorMath;
import jdk.incubator.vector.FloatVector;
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
public final class VectorRowOps implements RowOps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

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
            FloatVector e = VectorMath.exp2(FloatVector.fromArray(S, x, off + i).sub(shift));
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            float e = VectorMath.exp2(x[off + i] - shift);
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
                VectorMath.exp2(FloatVector.fromArray(S, x, off + i).sub(shift)).intoArray(x, off + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, add, addOff + i));
                VectorMath.exp2(v.sub(shift)).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            float v = add == null ? x[off + i] : x[off + i] + add[addOff + i];
            x[off + i] = VectorMath.exp2(v - shift);
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

    @Override
    public float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float sumSquaredDeviations(float[] x, int off, int n, float mean) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mean);
            acc = d.fma(d, acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            float d = x[off + i] - mean;
            s = Math.fma(d, d, s);
        }
        return s;
    }

    @Override
    public float dotShifted(float[] a, int aOff, float[] b, int bOff, int n, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i).sub(shift), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i] - shift, s);
        }
        return s;
    }

    @Override
    public void affine(float[] x, int xOff, float[] y, int yOff, int n, float scale, float shift) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(scale, shift).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], scale, shift);
        }
    }

    @Override
    public void combine(float[] u, int uOff, float[] v, int vOff, float[] out, int outOff, int n, float a, float b,
                        float c) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, v, vOff + i).fma(b, c).add(FloatVector.fromArray(S, u, uOff + i).mul(a))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.fma(v[vOff + i], b, c) + u[uOff + i] * a;
        }
    }
}
