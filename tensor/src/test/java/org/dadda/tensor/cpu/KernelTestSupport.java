package org.dadda.tensor.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers for the kernel tests: seeded data, double-precision references, comparisons. */
public final class KernelTestSupport {

    private KernelTestSupport() {
    }

    /** Every kernel family available in this JVM (scalar always, Vector API when present). */
    public static List<KernelSet> kernelSets() {
        List<KernelSet> sets = new ArrayList<>();
        sets.add(KernelSet.scalar());
        if (KernelSet.simd() != null) {
            sets.add(KernelSet.simd());
        }
        return sets;
    }

    /** Uniform values in [-1, 1) from a fixed seed. */
    public static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Double-precision {@code alpha*op(A)*op(B) + beta*C}; also returns the magnitude bound per element. */
    public static double[][] referenceGemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc) {
        double[] val = new double[m * n];
        double[] mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                    abs += Math.abs(x * y);
                }
                double c0 = beta == 0f ? 0 : c[cOff + i * ldc + j];
                val[i * n + j] = alpha * s + beta * c0;
                mag[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * c0);
            }
        }
        return new double[][] {val, mag};
    }

    /**
     * Asserts {@code |actual - expected| <= relTol * magnitude + absTol} element-wise, naming the first
     * offending index.
     */
    public static void assertClose(String what, double[] expected, double[] magnitude, float[] actual, int off, int rows,
                            int cols, int ld, double relTol, double absTol) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double e = expected[i * cols + j];
                double got = actual[off + i * ld + j];
                double tol = relTol * (magnitude == null ? Math.abs(e) : magnitude[i * cols + j]) + absTol;
                if (!(Math.abs(got - e) <= tol)) {
                    fail(what + ": element (" + i + ", " + j + ") is " + got + ", expected " + e + " (tolerance " + tol + ")");
                }
            }
        }
    }

    /** Asserts two float arrays hold the same bits. */
    public static void assertBitsEqual(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            fail(what + ": lengths differ");
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": index " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    /** Runs {@code body} with the worker pool at {@code threads} threads, then restores the old count. */
    public static void withThreads(int threads, Runnable body) {
        int old = org.dadda.tensor.parallel.Parallel.threads();
        org.dadda.tensor.parallel.Parallel.setThreads(threads);
        try {
            body.run();
        } finally {
            org.dadda.tensor.parallel.Parallel.setThreads(old);
        }
    }

    /** The elements of {@code a} from {@code off} on. */
    public static float[] tail(float[] a, int off) {
        return java.util.Arrays.copyOfRange(a, off, a.length);
    }

    /** {@code n} NaNs, so that a kernel's untouched elements show. */
    public static float[] nanFilled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
