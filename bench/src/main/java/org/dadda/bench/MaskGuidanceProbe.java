package org.dadda.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dadda.augment.image.Mask;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.diffusion.synth.MaskModel;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.node.NodeData;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.quality.MaskPlausibility;
import org.dadda.federated.server.DiffusionTensors;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.ModelRelease;

/**
 * How G_M's masks fail as classifier-free guidance changes: samples masks of every defect type
 * from a run's published G_M at several guidance scales and prints the mask failure rate (empty,
 * noise, whole-image) of each against the node's real training masks, as the quality section
 * measures it. A diagnostic for runs whose synthesized masks fail.
 *
 * <p>Usage: {@code java -cp dadda-bench.jar org.dadda.bench.MaskGuidanceProbe RUN CATEGORY [NODE] [N] [W...]}
 */
public final class MaskGuidanceProbe {
    private MaskGuidanceProbe() {
    }

    /** Runs the probe; see the class comment for the arguments. */
    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        String category = args[1];
        String node = args.length > 2 ? args[2] : RunFolder.DEFAULT_NODE;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 48;
        List<Double> ws = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            ws.add(Double.parseDouble(args[i]));
        }
        if (ws.isEmpty()) {
            ws = List.of(0.0, 1.0, 3.0);
        }
        RunFolder folder = RunFolder.open(run, null, null, null);
        Pipeline p = new Pipeline(folder, s -> { }, false);
        NodeData data = p.node(category, node, null).load(folder.stage1Dir(node, category));
        ModelRelease release = new FolderTransport(run.resolve("exchange")).fetchRelease(category).orElseThrow(
                () -> new IllegalArgumentException("no release of " + category + " in " + run.resolve("exchange")));
        GenerativeSettings g = GenerativeSettings.of(folder.profile());
        @SuppressWarnings("unchecked")
        UNetConfig maskNet = UNetConfig.fromMap((Map<String, Object>) release.config().get("mask_net"));
        AttentionUNet net = new AttentionUNet(maskNet, 0);
        net.loadStateDict(release.weights("g_m"), true);
        net.eval();
        MaskModel model = new MaskModel(net);
        Sampler sampler = g.maskSampler().create(new GaussianDiffusion(g.schedule()));
        System.out.printf(Locale.ROOT, "%-10s %6s %8s %8s %10s%n", "type", "w", "failed", "median", "components");
        for (String type : data.defectTypes()) {
            List<Mask> real = new ArrayList<>();
            for (LabelledPair pr : data.trainDefective().get(type)) {
                real.add(pr.mask());
            }
            MaskPlausibility.Limits limits = MaskPlausibility.Limits.of(real);
            int cls = release.defectTypes().indexOf(type);
            for (double w : ws) {
                List<Mask> masks = new ArrayList<>();
                for (int b = 0; b < n; b += 16) {
                    int k = Math.min(16, n - b);
                    int[] classes = new int[k];
                    java.util.Arrays.fill(classes, cls);
                    masks.addAll(DiffusionTensors.toMasks(model.sampleBinary(classes, w, sampler,
                            NoiseSource.sequential(1234 + cls, b, k))));
                }
                MaskPlausibility.Summary s = MaskPlausibility.summarize(masks, limits);
                System.out.printf(Locale.ROOT, "%-10s %6.1f %7.0f%% %8.3f %10.1f%n", type, w, 100 * s.failureRate(), s.medianArea(),
                        s.meanComponents());
            }
        }
    }
}
