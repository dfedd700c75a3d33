package org.dadda.bench;

import java.util.concurrent.TimeUnit;
import org.dadda.nn.models.RefUNet;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One DDPM training step of the reference U-Net, the same workload as
 * {@code shared/anchors/bench_unet.py}: draw timesteps and noise, noise the fixed batch with the
 * linear-beta schedule (1e-4..0.02, T = 1000), predict the noise, MSE loss, backward, Adam step
 * (lr 2e-4). Batch 16; {@code ref-s} is 32x32 with base 32, {@code ref-m} 64x64 with base 64.
 * Compare with {@code shared/anchors/run.sh bench_unet.py 5 32 32 16} and {@code ... 64 64 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class UNetStepBench {
    private static final int T = 1000;

    /** The network configuration. */
    @Param({"ref-s", "ref-m"})
    public String config;

    /** Images per step. */
    @Param({"16"})
    public int batch;

    private RefUNet net;
    private Adam opt;
    private Tensor x0;
    private double[] alphaBar;
    private Rng rng;

    /** Builds the network, the optimizer and the fixed clean batch; prints the parameter count. */
    @Setup(Level.Trial)
    public void setup() {
        net = RefUNet.config(config, new Rng(0));
        opt = new Adam(net, 2e-4);
        rng = new Rng(1);
        int img = net.imageSize();
        x0 = Tensor.randn(rng, batch, 3, img, img);
        alphaBar = new double[T];
        double prod = 1;
        for (int i = 0; i < T; i++) {
            prod *= 1 - (1e-4 + (0.02 - 1e-4) * i / (T - 1));
            alphaBar[i] = prod;
        }
        System.out.printf("%nUNetStepBench %s: %,d parameters, batch %d, %dx%d%n", config, net.parameterCount(), batch, img, img);
    }

    /** One full training step; returns the loss. */
    @Benchmark
    public float step() {
        int[] t = new int[batch];
        double[] sa = new double[batch];
        double[] sb = new double[batch];
        for (int i = 0; i < batch; i++) {
            t[i] = rng.nextInt(T);
            sa[i] = Math.sqrt(alphaBar[t[i]]);
            sb[i] = Math.sqrt(1 - alphaBar[t[i]]);
        }
        Tensor eps = Tensor.randn(rng, x0.shape());
        Tensor xt = x0.mul(Tensor.fromDoubles(sa, batch, 1, 1, 1)).add(eps.mul(Tensor.fromDoubles(sb, batch, 1, 1, 1)));
        Tensor loss = Functional.mseLoss(net.forward(xt, t), eps);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        return loss.item();
    }
}
