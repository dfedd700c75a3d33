package org.dadda.diffusion.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.nn.io.SafeTensors;
import org.dadda.nn.io.SafeTensorsFile;
import org.dadda.nn.optim.Adam;
import org.dadda.nn.optim.Ema;
import org.dadda.nn.optim.GradClip;
import org.dadda.nn.optim.LrSchedule;
import org.dadda.nn.train.LossLog;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;
import org.dadda.tensor.util.AtomicFiles;
import org.dadda.tensor.util.Json;
import org.dadda.tensor.util.ProgressBar;

/**
 * Trains an {@link AttentionUNet} as a DDPM noise predictor with the epsilon-prediction loss:
 * Adam with a linear learning-rate warm-up, gradient clipping by global norm, an exponential
 * moving average of the weights, checkpoints every K steps, a CSV loss log and a progress bar.
 *
 * <p>Training is exactly resumable: the randomness of step {@code s} (timesteps, noise,
 * null-class dropping) comes from a generator derived from {@code (seed, s)}, the data from a
 * {@link BatchSource} that is a function of the step, the learning rate from the step, and a
 * checkpoint holds the weights, Adam's moments and step counts and the EMA; so training
 * interrupted at a checkpoint and resumed gives the same weights, bit for bit, as training
 * straight through (same seed, backend and thread count).
 *
 * <p>For a class-conditioned network (G_M) each label is replaced by the null class with
 * probability {@code pUncond}; for a mask-conditioned network (fine-tuned G_I) the batch's masks
 * are passed to the network.
 */
public final class DdpmTrainer {
    /** Columns of the loss log. */
    public static final List<String> LOG_COLUMNS = List.of("step", "loss", "lr", "grad_norm");

    private final AttentionUNet model;
    private final GaussianDiffusion diffusion;
    private final TrainConfig config;
    private final Adam optimizer;
    private final Workspace workspace = new Workspace();
    private final LrSchedule schedule;
    private final Ema ema;
    private long step;
    private double lastGradNorm;
    private PrintStream progressOut;
    private int keepCheckpoints = 2;

    /**
     * A trainer of {@code model} (in its current weights, which also start the EMA) under
     * {@code diffusion} with {@code config}.
     */
    public DdpmTrainer(AttentionUNet model, GaussianDiffusion diffusion, TrainConfig config) {
        this.model = model;
        this.diffusion = diffusion;
        this.config = config;
        this.optimizer = new Adam(model.namedParameters(), config.lr(), 0.9, 0.999, 1e-8, 0);
        this.schedule = LrSchedule.linearWarmup(config.lr(), config.warmupSteps());
        this.ema = new Ema(model, config.emaDecay());
        model.train(true);
    }

    /** The network being trained (live weights). */
    public AttentionUNet model() {
        return model;
    }

    /** The weight average. */
    public Ema ema() {
        return ema;
    }

    /** The settings. */
    public TrainConfig config() {
        return config;
    }

    /** The forward process. */
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    /** Optimizer steps completed. */
    public long step() {
        return step;
    }

    /** Where the progress bar is drawn (null, the default: nowhere, as a library should; the dadda command asks for stderr). */
    public DdpmTrainer progressTo(PrintStream out) {
        this.progressOut = out;
        return this;
    }

    /** How many checkpoints {@link #train} keeps (default 2). */
    public DdpmTrainer keepCheckpoints(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("keepCheckpoints must be >= 1, got " + n);
        }
        this.keepCheckpoints = n;
        return this;
    }

    /** The generator of step {@code s}'s randomness. */
    private Rng stepRng(long s) {
        return new Rng(config.seed()).fork(s);
    }

    /**
     * One optimizer step on {@code batch}; returns the loss before the update. Uses the step's
     * own randomness, so it is reproducible from the step number.
     */
    public double trainStep(Batch batch) {
        // The workspace lets this step reuse the previous step's activation and gradient buffers.
        try (Workspace.Step ignored = workspace.step()) {
            return runStep(batch);
        }
    }

    private double runStep(Batch batch) {
        Rng rng = stepRng(step);
        int b = batch.size();
        Tensor x0 = batch.images();
        int[] t = diffusion.sampleTimesteps(rng, b);
        Tensor noise = Tensor.randn(rng, x0.shape());
        int[] classes = batch.classes();
        if (classes != null && config.pUncond() > 0) {
            classes = dropClasses(classes, config.pUncond(), model.nullClass(), rng);
        }
        optimizer.zeroGrad();
        Tensor xt = diffusion.qSample(x0, t, noise);
        Tensor target = model.config().prediction().target(diffusion, x0, t, noise);
        Tensor loss = Functional.mseLoss(model.forward(xt, t, classes, batch.masks()), target);
        double value = loss.item();
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("DdpmTrainer: loss is " + value + " at step " + step);
        }
        loss.backward();
        lastGradNorm = config.gradClip() > 0 ? GradClip.clipGradNorm(model.parameters(), config.gradClip()) : Double.NaN;
        schedule.apply(optimizer, step);
        optimizer.step();
        ema.update();
        step++;
        return value;
    }

    /**
     * Classifier-free guidance's label dropping: each label becomes {@code nullClass} with
     * probability {@code p}, drawn from {@code rng} in sample order.
     */
    public static int[] dropClasses(int[] classes, double p, int nullClass, Rng rng) {
        int[] out = classes.clone();
        for (int i = 0; i < out.length; i++) {
            if (rng.nextDouble() < p) {
                out[i] = nullClass;
            }
        }
        return out;
    }

    /** The learning rate of the most recent step. */
    public double lr() {
        return optimizer.lr();
    }

    /**
     * Trains until {@link TrainConfig#steps()} steps are done. With a run folder, resumes from
     * its newest checkpoint when this trainer has not stepped yet, writes
     * {@code runDir/checkpoints/step-*.safetensors} every {@code checkpointEvery} steps and at the
     * end, and appends to {@code runDir/loss.csv}.
     */
    public TrainSummary train(BatchSource data, Path runDir) throws IOException {
        return train(data, runDir, config.steps());
    }

    /** As {@link #train(BatchSource, Path)}, but stops after step {@code stopAt} (for interrupted runs and tests). */
    public TrainSummary train(BatchSource data, Path runDir, long stopAt) throws IOException {
        long end = Math.min(stopAt, config.steps());
        Path ckptDir = runDir == null ? null : runDir.resolve("checkpoints");
        if (runDir != null) {
            Files.createDirectories(ckptDir);
            if (step == 0) {
                Optional<Path> latest = Checkpoints.latest(ckptDir);
                if (latest.isPresent()) {
                    loadCheckpoint(latest.get());
                }
            }
            truncateLog(runDir.resolve("loss.csv"), step);
        }
        long start = step;
        double sum = 0;
        double last = Double.NaN;
        LossLog log = runDir == null ? null : LossLog.csv(runDir.resolve("loss.csv"), LOG_COLUMNS);
        ProgressBar bar = progressOut == null ? null
                : ProgressBar.builder("train " + model.config().inChannels() + "ch", Math.max(0, end - start)).out(progressOut)
                        .unit("step").build();
        try {
            while (step < end) {
                last = trainStep(data.batch(step, config.batchSize()));
                sum += last;
                if (log != null) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", step);
                    row.put("loss", last);
                    row.put("lr", optimizer.lr());
                    row.put("grad_norm", lastGradNorm);
                    log.append(row);
                }
                if (bar != null) {
                    bar.status("loss", String.format(java.util.Locale.ROOT, "%.4f", last));
                    bar.step();
                }
                if (ckptDir != null && (step == end || config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0)) {
                    saveCheckpoint(ckptDir.resolve(Checkpoints.fileName(step)));
                    Checkpoints.prune(ckptDir, keepCheckpoints);
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
            if (log != null) {
                log.close();
            }
        }
        return new TrainSummary(start, step, step > start ? sum / (step - start) : Double.NaN, last);
    }

    /** Drops the rows of {@code csv} after {@code step} (left by a run that went past its last checkpoint). */
    private static void truncateLog(Path csv, long step) throws IOException {
        if (!Files.exists(csv)) {
            return;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (i == 0 || l.isBlank()) {
                kept.add(l);
                continue;
            }
            int comma = l.indexOf(',');
            try {
                if (Long.parseLong(comma < 0 ? l : l.substring(0, comma)) <= step) {
                    kept.add(l);
                }
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + (i + 1) + ": step column is not a number: " + l, e);
            }
        }
        if (kept.size() != lines.size()) {
            AtomicFiles.writeString(csv, String.join("\n", kept) + "\n");
        }
    }

    /** Writes the complete training state to {@code file} (atomically). */
    public void saveCheckpoint(Path file) throws IOException {
        Map<String, Map<String, Tensor>> parts = new LinkedHashMap<>();
        parts.put(Checkpoints.MODEL_PREFIX, model.stateDict());
        parts.put(Checkpoints.EMA_PREFIX, ema.stateDict());
        parts.put(Checkpoints.OPTIM_PREFIX, optimizer.stateDict());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFiles.FORMAT_KEY, Checkpoints.FORMAT);
        meta.put("step", Long.toString(step));
        meta.put(ModelFiles.CONFIG_KEY, Json.write(model.config().toMap()));
        meta.put("train", Json.write(config.toMap()));
        meta.put("schedule", diffusion.schedule().toString());
        SafeTensors.write(file, Checkpoints.join(parts), meta);
    }

    /**
     * Restores the training state from {@code file}; the network shape, seed and schedule must
     * be those of this trainer.
     */
    public void loadCheckpoint(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        if (!Checkpoints.FORMAT.equals(meta.get(ModelFiles.FORMAT_KEY))) {
            throw new IllegalArgumentException(file + ": format '" + meta.get(ModelFiles.FORMAT_KEY) + "', expected " + Checkpoints.FORMAT);
        }
        if (!model.config().equals(ModelFiles.config(f))) {
            throw new IllegalArgumentException(file + ": checkpoint of network " + ModelFiles.config(f) + ", trainer has "
                    + model.config());
        }
        String seed = String.valueOf(config.seed());
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) Json.parse(meta.getOrDefault("train", "{}"));
        if (!seed.equals(String.valueOf(saved.get("seed")))) {
            throw new IllegalArgumentException(file + ": checkpoint seed " + saved.get("seed") + " differs from trainer seed " + seed);
        }
        if (!diffusion.schedule().toString().equals(meta.get("schedule"))) {
            throw new IllegalArgumentException(file + ": checkpoint schedule " + meta.get("schedule") + " differs from "
                    + diffusion.schedule());
        }
        long s;
        try {
            s = Long.parseLong(meta.get("step"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": bad 'step' metadata " + meta.get("step"), e);
        }
        try {
            model.loadStateDict(Checkpoints.part(f, Checkpoints.MODEL_PREFIX), true);
            ema.loadStateDict(Checkpoints.part(f, Checkpoints.EMA_PREFIX));
            optimizer.loadStateDict(Checkpoints.part(f, Checkpoints.OPTIM_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        step = s;
    }

    /** A new network of the same shape holding the EMA weights (for sampling). */
    public AttentionUNet emaModel() {
        AttentionUNet copy = new AttentionUNet(model.config(), 0);
        ema.copyTo(copy);
        copy.eval();
        return copy;
    }

    /** What a call to {@link #train} did: steps {@code [startStep, endStep)}, mean and last loss. */
    public record TrainSummary(long startStep, long endStep, double meanLoss, double lastLoss) {
    }
}
