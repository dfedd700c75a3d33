package org.dadda.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dadda.augment.image.Mask;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.Prediction;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.diffusion.synth.MaskModel;
import org.dadda.diffusion.train.DdpmTrainer;
import org.dadda.diffusion.train.TensorDataset;
import org.dadda.diffusion.train.TrainConfig;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.node.LocalNode;
import org.dadda.federated.node.NodeData;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.quality.MaskPlausibility;
import org.dadda.federated.server.CategoryPool;
import org.dadda.federated.server.DiffusionTensors;

/**
 * How G_M's mask failures fall with training: trains G_M alone on the masks a run's node would
 * upload (stage 1 must be done), with the run profile's settings or the overrides given, and at
 * each listed step samples masks of every defect type at several guidance scales and prints the
 * failure rate (empty, noise, whole-image), the median area and the mean component count against
 * the node's real training masks, as the quality section measures them, with the training rate.
 * A diagnostic for sizing G_M's training: it needs no G_I and no fine-tuning.
 *
 * <p>Usage: {@code java -cp ... org.dadda.bench.MaskTrainingProbe RUN CATEGORY STEPS[,STEPS...]
 * [lr=1e-3] [base=32] [batch=8] [ema=0.995] [n=48] [w=0,1,3] [pred=eps|v]}
 */
public final class MaskTrainingProbe {
    private MaskTrainingProbe() {
    }

    /** Runs the probe; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        String category = args[1];
        long[] evalAt = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        RunFolder folder = RunFolder.open(run, null, null, null);
        GenerativeSettings g = GenerativeSettings.of(folder.profile());
        TrainConfig base = g.maskTraining();
        double lr = base.lr();
        int width = g.imageNet().baseChannels();
        int batch = base.batchSize();
        double ema = base.emaDecay();
        int n = 48;
        double[] ws = {0, 1, 3};
        Prediction prediction = Prediction.EPS;
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "lr" -> lr = Double.parseDouble(kv[1]);
                case "base" -> width = Integer.parseInt(kv[1]);
                case "batch" -> batch = Integer.parseInt(kv[1]);
                case "ema" -> ema = Double.parseDouble(kv[1]);
                case "n" -> n = Integer.parseInt(kv[1]);
                case "pred" -> prediction = Prediction.parse(kv[1]);
                case "w" -> ws = Arrays.stream(kv[1].split(",")).mapToDouble(Double::parseDouble).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String node = RunFolder.DEFAULT_NODE;
        Pipeline p = new Pipeline(folder, s -> { }, false);
        Path stage1 = folder.stage1Dir(node, category);
        LocalNode local = p.node(category, node, null);
        NodeData data = local.load(stage1);
        CategoryPool pool = CategoryPool.of(List.of(local.upload(stage1))).get(category);
        UNetConfig i0 = g.imageNet();
        UNetConfig net = new UNetConfig(i0.imageSize(), 1, 1, width, i0.channelMult(), i0.numResBlocks(),
                i0.attentionResolutions(), i0.heads(), i0.headDim(), i0.normGroups(), pool.defectTypes().size(),
                i0.gateMode(), i0.maskEmbedWidths(), i0.conditioning(), prediction);
        long last = evalAt[evalAt.length - 1];
        TrainConfig tc = new TrainConfig(last, batch, lr, base.warmupSteps(), ema, base.gradClip(), 0, base.pUncond(), base.seed());
        GaussianDiffusion diffusion = new GaussianDiffusion(g.schedule());
        AttentionUNet gm = new AttentionUNet(net, 1);
        DdpmTrainer trainer = new DdpmTrainer(gm, diffusion, tc);
        TensorDataset masks = new TensorDataset(DiffusionTensors.masks(pool.masks(), true), pool.maskClasses(), null, 1);
        System.out.printf(Locale.ROOT, "G_M on %d masks of %s; base %d (%d parameters), lr %g, batch %d, ema %g, prediction %s%n",
                pool.masks().size(), pool.defectTypes(), width, gm.parameterCount(), lr, batch, ema, prediction.key());
        for (String type : pool.defectTypes()) {
            List<Mask> taught = new ArrayList<>();
            int cls = pool.defectTypes().indexOf(type);
            for (int i = 0; i < pool.masks().size(); i++) {
                if (pool.maskClasses()[i] == cls) {
                    taught.add(pool.masks().get(i));
                }
            }
            MaskPlausibility.Summary s = MaskPlausibility.summarize(taught, MaskPlausibility.Limits.of(List.of()));
            System.out.printf(Locale.ROOT, "uploaded %-10s %3d masks, median area %.3f, %.1f components%n", type, taught.size(),
                    s.medianArea(), s.meanComponents());
        }
        System.out.printf(Locale.ROOT, "%6s %8s %-10s %5s %7s %8s %6s%n", "step", "step/s", "type", "w", "failed", "median", "comp");
        Sampler sampler = g.maskSampler().create(diffusion);
        long t0 = System.nanoTime();
        double trainSeconds = 0;
        for (long stop : evalAt) {
            long s0 = System.nanoTime();
            long from = trainer.step();
            trainer.train(masks, null, stop);
            trainSeconds += (System.nanoTime() - s0) / 1e9;
            double rate = (stop - from) / ((System.nanoTime() - s0) / 1e9);
            AttentionUNet model = trainer.emaModel();
            model.eval();
            MaskModel mm = new MaskModel(model);
            for (String type : data.defectTypes()) {
                List<Mask> real = new ArrayList<>();
                for (LabelledPair pr : data.trainDefective().get(type)) {
                    real.add(pr.mask());
                }
                MaskPlausibility.Limits limits = MaskPlausibility.Limits.of(real);
                int cls = pool.defectTypes().indexOf(type);
                for (double w : ws) {
                    List<Mask> out = new ArrayList<>();
                    for (int b = 0; b < n; b += 16) {
                        int k = Math.min(16, n - b);
                        int[] classes = new int[k];
                        Arrays.fill(classes, cls);
                        out.addAll(DiffusionTensors.toMasks(mm.sampleBinary(classes, w, sampler, NoiseSource.sequential(1234 + cls, b, k))));
                    }
                    MaskPlausibility.Summary s = MaskPlausibility.summarize(out, limits);
                    System.out.printf(Locale.ROOT, "%6d %8.2f %-10s %5.1f %6.0f%% %8.3f %6.1f%n", stop, rate, type, w,
                            100 * s.failureRate(), s.medianArea(), s.meanComponents());
                }
            }
            System.out.flush();
        }
        System.out.printf(Locale.ROOT, "training %.0f s, all %.0f s%n", trainSeconds, (System.nanoTime() - t0) / 1e9);
    }
}
