package org.dadda.bench;

import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
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

import java.util.concurrent.TimeUnit;

/**
 * 3x3 convolution, padding 1, {@code C} in = {@code C} out, batch 8: the workload of
 * {@code shared/anchors/bench_conv.py}, with parameters {@code c} (channels) and {@code hw} (image
 * side). The four reference pairs are (64, 64), (128, 32), (256, 16) and (64, 128); run them with
 * {@code -p c=64 -p hw=64} and so on ({@code bench/compare.sh conv} does), since a plain run covers
 * every combination.
 *
 * <p>Runs through the public API ({@code Functional.conv2d} and autograd), as a user would, so
 * allocation and graph bookkeeping are counted. FLOPs: forward {@code 2 * 8 * c * c * 9 * hw * hw};
 * forward+backward (input, weight and bias gradients) three times that. Reports the time per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ConvBench {

    private static final int BATCH = 8;

    /** Input and output channels. */
    @Param({"64", "128", "256"})
    public int c;

    /** Image height and width. */
    @Param({"64", "32", "16", "128"})
    public int hw;

    private Tensor x;
    private Tensor w;
    private Tensor bias;
    private Tensor gy;

    /** Seeded inputs, as {@code bench_conv.py}: x, w and b require gradients. */
    @Setup
    public void setup() {
        Rng r = new Rng(7);
        x = Tensor.randn(r, BATCH, c, hw, hw).requiresGrad(true);
        w = Tensor.randn(r, c, c, 3, 3).requiresGrad(true);
        bias = Tensor.randn(r, c).requiresGrad(true);
        gy = Tensor.randn(r, BATCH, c, hw, hw);
        System.out.println("# dadda kernels: " + KernelConfig.describe());
    }

    /** Forward pass with bias, no graph recorded. */
    @Benchmark
    public Tensor forward() {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return Functional.conv2d(x, w, bias, 1, 1, 1, 1);
        }
    }

    /** Forward pass, then backward of a fixed output gradient into x, w and b (gradients cleared first). */
    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        w.setGrad(null);
        bias.setGrad(null);
        Functional.conv2d(x, w, bias, 1, 1, 1, 1).backward(gy);
        return w.grad();
    }
}
