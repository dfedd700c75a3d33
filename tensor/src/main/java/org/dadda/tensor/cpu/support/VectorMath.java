package org.dadda.tensor.cpu.support;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exponentials built from adds and FMAs only, lane-wise and scalar with the same operations, so
 * that results are the same bits whether the Vector API code runs interpreted, in C1 or in C2
 * (the Vector API's own {@code EXP} calls a different library once compiled). Loaded only on the
 * Vector API path.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** log2(e): e^x = 2^(x log2 e). */
    public static final float LOG2E = 1.4426950408889634f;

    private VectorMath() {
    }

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
    public static FloatVector exp2(FloatVector x) {
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
    public static float exp2(float x) {
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

    /**
     * e^x lane-wise, as {@code 2 * exp2(x log2 e - 1)} so that the whole float range up to
     * {@code Float.MAX_VALUE} is reached; beyond it +Infinity; below about -86.6, where e^x nears
     * the smallest normal float, 0 (no subnormals); NaN stays NaN. The relative error is about
     * {@code 1e-6 + 1.5e-7 |x|}: rounding {@code x log2 e} to float costs part of an ulp of an
     * exponent that grows with |x|; fine inside {@code 1 + e^x}, where callers use it.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector l = x.mul(LOG2E);
        FloatVector r = exp2(l.min(128f).sub(1f)).mul(2f);
        return r.blend(Float.POSITIVE_INFINITY, l.compare(VectorOperators.GT, 128f));
    }

    /** Scalar twin of {@link #exp(FloatVector)}, the same operations. */
    public static float exp(float x) {
        float l = x * LOG2E;
        return l > 128f ? Float.POSITIVE_INFINITY : exp2(Math.min(l, 128f) - 1f) * 2f;
    }
}
