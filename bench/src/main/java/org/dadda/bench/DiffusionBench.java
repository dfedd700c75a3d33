package org.dadda.bench;

import java.util.concurrent.TimeUnit;
import org.dadda.diffusion.profile.DiffusionProfile;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.sample.DdimSampler;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.train.Batch;
import org.dadda.diffusion.train.DdpmTrainer;
import org.dadda.diffusion.train.TrainConfig;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The diffusion module's G_I at the {@code quick} (32x32, base 32: {@code ref-s}) and
 * {@code cpu} (64x64, base 64: {@code ref-m}) profiles, whose U-Nets are the network of
 * {@code shared/anchors/bench_unet.py}:
 * <ul>
 *   <li>{@code trainStep}: one DDPM training step as bench_unet.py (timesteps and noise drawn,
 *       forward, eps MSE, backward, Adam), batch 16. Compare with
 *       {@code run.sh bench_unet.py 5 32 32 16} and {@code ... 5 64 64 16}: ratio = PyTorch ms / this ms.</li>
 *   <li>{@code trainerStep}: the same step through {@link DdpmTrainer}, that is with gradient
 *       clipping, warm-up schedule and the EMA update on top (the cost of a real run).</li>
 *   <li>{@code gatedTrainerStep}: {@code trainerStep} of the fine-tuned G_I with both gates of
 *       the gated cross-attention and the mask projection; the overhead of gated cross-attention
 *       is {@code gatedTrainerStep / trainerStep - 1}.</li>
 *   <li>{@code sampleDdim50}: DDIM sampling with 50 steps of a batch of 8 images; the score is
 *       seconds per image, so images per second = 1 / score.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
public class DiffusionBench {
    private static final int BATCH = 16;
    private static final int SAMPLE_BATCH = 8;

    /** The profile: {@code quick} or {@code cpu}. */
    @Param({"quick", "cpu"})
    public String profile;

    private GaussianDiffusion diffusion;
    private AttentionUNet plain;
    private final Workspace workspace = new Workspace();
    private Adam plainOpt;
    private DdpmTrainer trainer;
    private DdpmTrainer gatedTrainer;
    private Batch batch;
    private Batch maskedBatch;
    private DdimSampler ddim;
    private UNetConfig cfg;
    private Rng rng;
    private long sampleSeed;

    /** Builds the networks (plain, trainer, gated trainer), a fixed batch with masks and the sampler. */
    @Setup(Level.Trial)
    public void setup() {
        DiffusionProfile p = DiffusionProfile.parse(profile);
        cfg = p.imageNet();
        diffusion = new GaussianDiffusion(p.schedule());
        rng = new Rng(1);
        int s = cfg.imageSize();
        Tensor x0 = Tensor.randn(rng, BATCH, 3, s, s);
        Tensor masks = Tensor.rand(rng, BATCH, 1, s, s).gt(0.8);
        batch = Batch.of(x0);
        maskedBatch = new Batch(x0, null, masks);
        plain = new AttentionUNet(cfg, 0);
        plainOpt = new Adam(plain, 2e-4);
        TrainConfig tc = new TrainConfig(Long.MAX_VALUE, BATCH, 2e-4, 0, 0.995, 1.0, 0, 0, 3);
        trainer = new DdpmTrainer(new AttentionUNet(cfg, 0), diffusion, tc).progressTo(null);
        gatedTrainer = new DdpmTrainer(new AttentionUNet(cfg.withGateMode(GateMode.BOTH), 0), diffusion, tc).progressTo(null);
        ddim = new DdimSampler(diffusion, 50, 0, true);
        System.out.printf("%nDiffusionBench %s: G_I %,d parameters, gated G_I %,d parameters, batch %d, %dx%d%n", profile,
                plain.parameterCount(), gatedTrainer.model().parameterCount(), BATCH, s, s);
    }

    /** One training step exactly as bench_unet.py: forward, eps MSE, backward, Adam. */
    @Benchmark
    public float trainStep() {
        try (Workspace.Step ignored = workspace.step()) {
            int[] t = diffusion.sampleTimesteps(rng, BATCH);
            Tensor eps = Tensor.randn(rng, batch.images().shape());
            Tensor xt = diffusion.qSample(batch.images(), t, eps);
            Tensor loss = Functional.mseLoss(plain.forward(xt, t), eps);
            plainOpt.zeroGrad();
            loss.backward();
            plainOpt.step();
            return loss.item();
        }
    }

    /** One step of the trainer (adds clipping, learning-rate schedule, EMA). */
    @Benchmark
    public double trainerStep() {
        return trainer.trainStep(batch);
    }

    /** One trainer step of the gated (mask-conditioned) G_I. */
    @Benchmark
    public double gatedTrainerStep() {
        return gatedTrainer.trainStep(maskedBatch);
    }

    /** DDIM, 50 steps, a batch of 8 images; score in seconds per image. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SAMPLE_BATCH)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public float sampleDdim50() {
        int s = cfg.imageSize();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor x = ddim.sample(plain.epsModel(), new int[] {SAMPLE_BATCH, 3, s, s},
                    NoiseSource.sequential(sampleSeed++, 0, SAMPLE_BATCH));
            return x.sum().item();
        }
    }
}
