package org.dadda.bench;

import java.util.concurrent.TimeUnit;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;
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
 * One DDPM training step of the reference U-Net ({@link AttentionUNet} in the reference
 * configuration, whose layers and parameter count equal those of the PyTorch script), the same workload as
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

    /** Whether each step runs in a {@link Workspace} (buffer reuse); {@code false} leaves all to the GC. */
    @Param({"true"})
    public boolean pool;

    private final Workspace workspace = new Workspace();
    private AttentionUNet net;
    private GaussianDiffusion diffusion;
    private Adam opt;
    private Tensor x0;
    private Rng rng;

    /** Builds the network, the optimizer and the fixed clean batch; prints the parameter count. */
    @Setup(Level.Trial)
    public void setup() {
        UNetConfig cfg = switch (config) {
            case "ref-s" -> UNetConfig.reference(32, 32);
            case "ref-m" -> UNetConfig.reference(64, 64);
            default -> throw new IllegalArgumentException("config must be ref-s or ref-m, got " + config);
        };
        net = new AttentionUNet(cfg, 0);
        diffusion = new GaussianDiffusion(NoiseSchedule.linear(1000));
        opt = new Adam(net, 2e-4);
        rng = new Rng(1);
        int img = cfg.imageSize();
        x0 = Tensor.randn(rng, batch, 3, img, img);
        System.out.printf("%nUNetStepBench %s: %,d parameters, batch %d, %dx%d%n", config, net.parameterCount(), batch, img, img);
    }

    /** One full training step (noise, predict, MSE, backward, Adam); returns the loss. */
    @Benchmark
    public float step() {
        try (Workspace.Step ignored = pool ? workspace.step() : null) {
            Tensor loss = diffusion.loss(net.epsModel(), x0, rng);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            return loss.item();
        }
    }
}
