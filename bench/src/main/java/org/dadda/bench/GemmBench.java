package org.dadda.bench;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.gemm.GemmKernel;

import org.dadda.tensor.cpu.support.KernelConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Square single-precision GEMM, {@code C = A * B} with {@code n x n} row-major matrices, the workload
 * of {@code shared/anchors/bench_gemm.py} ({@code torch.mm} with preallocated output). Reports the
 * time per product; {@code GFLOP/s = 2 n^3 / time}. Uses all cores ({@code -Ddadda.threads=N} to
 * change) and the Vector API kernels (the fork adds {@code --add-modules jdk.incubator.vector}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class GemmBench {

    /** The kernels the CPU backend uses. */
    private static final GemmKernel GEMM = KernelSet.active().gemm();

    /** Matrix size. */
    @Param({"512", "1024", "2048"})
    public int n;

    private float[] a;
    private float[] b;
    private float[] c;

    /** Fills A and B with seeded uniform values and allocates C once. */
    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
            b[i] = (float) (r.nextDouble() * 2 - 1);
        }
        System.out.println("# dadda kernels: " + KernelConfig.describe());
    }

    /** One {@code n x n x n} product into the preallocated C. */
    @Benchmark
    public float[] sgemm() {
        GEMM.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
