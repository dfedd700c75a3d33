package org.dadda.bench;

import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.cpu.Parallel;
import org.dadda.tensor.cpu.kernels.ConvKernels;
import org.dadda.tensor.cpu.kernels.KernelConfig;
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
 * 3x3 convolution, padding 1, {@code C} in = {@code C} out, batch 8: the workload of
 * {@code shared/anchors/bench_conv.py}, with parameters {@code c} (channels) and {@code hw} (image
 * side). The four reference pairs are (64, 64), (128, 32), (256, 16) and (64, 128); run them with
 * {@code -p c=64 -p hw=64} and so on ({@code bench/compare.sh conv} does), since a plain run covers
 * every combination.
 *
 * <p>FLOPs: forward {@code 2 * 8 * c * c * 9 * hw * hw}; forward+backward (input, weight and bias
 * gradients) three times that. Reports the time per call.
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

    private ConvGeometry g;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] y;
    private float[] gy;
    private float[] gx;
    private float[] gw;
    private float[] gb;

    /** Builds the geometry and seeded inputs, and allocates every output once. */
    @Setup
    public void setup() {
        g = new ConvGeometry(BATCH, c, hw, hw, c, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        SplittableRandom r = new SplittableRandom(7);
        x = fill(new float[BATCH * c * hw * hw], r);
        w = fill(new float[c * c * 9], r);
        bias = fill(new float[c], r);
        gy = fill(new float[BATCH * c * hw * hw], r);
        y = new float[gy.length];
        gx = new float[x.length];
        gw = new float[w.length];
        gb = new float[c];
        System.out.println("# dadda kernels: " + KernelConfig.describe());
    }

    private static float[] fill(float[] a, SplittableRandom r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Forward pass with bias. */
    @Benchmark
    public float[] forward() {
        ConvKernels.forward(g, x, 0, w, 0, bias, 0, y, 0);
        return y;
    }

    /** Forward pass, then the input, weight and bias gradients from a fixed output gradient. */
    @Benchmark
    public float[] forwardBackward() {
        ConvKernels.forward(g, x, 0, w, 0, bias, 0, y, 0);
        ConvKernels.backwardInput(g, gy, 0, w, 0, gx, 0);
        ConvKernels.backwardWeight(g, x, 0, gy, 0, gw, 0);
        int plane = g.oh() * g.ow();
        Parallel.forRange(g.oc(), 1, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                float s = 0f;
                for (int b = 0; b < g.n(); b++) {
                    int base = (b * g.oc() + o) * plane;
                    for (int i = base; i < base + plane; i++) {
                        s += gy[i];
                    }
                }
                gb[o] = s;
            }
        });
        return gw;
    }
}
