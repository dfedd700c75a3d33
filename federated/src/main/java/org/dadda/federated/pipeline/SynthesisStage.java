package org.dadda.federated.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dadda.federated.run.Progress;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.synth.DefectSynthesizer;
import org.dadda.diffusion.synth.MaskModel;
import org.dadda.diffusion.synth.SynthesisConfig;
import org.dadda.diffusion.train.GatedFineTuner;
import org.dadda.diffusion.train.ModelFiles;
import org.dadda.diffusion.train.TensorDataset;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.config.Profile;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.node.PairFolder;
import org.dadda.federated.run.Files2;
import org.dadda.federated.server.CentralServer;
import org.dadda.federated.server.DiffusionTensors;
import org.dadda.federated.transport.ModelRelease;
import org.dadda.tensor.util.ProgressBar;

/**
 * Stage 3's synthesis on a node (Sec. III-C, eq. 7): with the server's weights, fine-tune G_I
 * into {@code G_I(z | M)} with the gated cross-attention (eq. 9, 10) on the node's own defective
 * pairs (DAM samples and acquired training images, which never leave the node), then, for each
 * defect type, sample masks {@code M_i = G_M(z)} with classifier-free guidance and one image per
 * mask ({@link DefectSynthesizer}).
 */
public final class SynthesisStage {
    /** Sub-folder of the synthesis folder holding the synthesized pairs (MVTec layout). */
    public static final String PAIRS = "pairs";
    /** The fine-tuned, mask-conditioned G_I. */
    public static final String FINE_TUNED = "g_i_gated.safetensors";
    /** The fine-tuning's loss log. */
    public static final String FINE_TUNE_LOSS = "fine-tune-loss.csv";
    /** What was made, with counts. */
    public static final String SUMMARY = "synthesis.json";

    private SynthesisStage() {
    }

    /** Runs the synthesis for a node into {@code dir}; {@code work} keeps the fine-tuning checkpoints. */
    static Map<String, List<LabelledPair>> run(ModelRelease release, NodeInputs in, Profile profile, long seed, Path dir, Path work,
                                               Consumer<String> log, boolean progress) {
        GenerativeSettings g = GenerativeSettings.of(profile);
        Object made = release.config().get("diffusion_profile");
        if (made != null && !made.equals(profile.diffusion())) {
            throw new IllegalArgumentException("the server trained " + release.category() + " with diffusion profile '" + made
                    + "', this node runs '" + profile.diffusion() + "' (use the same --profile on both)");
        }
        @SuppressWarnings("unchecked")
        UNetConfig imageNet = UNetConfig.fromMap((Map<String, Object>) release.config().get("image_net"));
        @SuppressWarnings("unchecked")
        UNetConfig maskNet = UNetConfig.fromMap((Map<String, Object>) release.config().get("mask_net"));
        if (imageNet.imageSize() != profile.resolution()) {
            throw new IllegalArgumentException("the server's release for " + release.category() + " is at " + imageNet.imageSize()
                    + "x" + imageNet.imageSize() + ", this node's profile '" + profile.name() + "' at " + profile.resolution());
        }
        List<String> types = in.data().defectTypes();
        for (String t : types) {
            if (!release.defectTypes().contains(t)) {
                throw new IllegalArgumentException("the server's G_M for " + release.category() + " knows defect types "
                        + release.defectTypes() + ", not this node's '" + t + "'");
            }
        }
        GaussianDiffusion diffusion = new GaussianDiffusion(g.schedule());

        List<Image> ftImages = new ArrayList<>();
        List<Mask> ftMasks = new ArrayList<>();
        for (String t : types) {
            for (LabelledPair p : in.dam().getOrDefault(t, List.of())) {
                ftImages.add(p.image());
                ftMasks.add(p.mask());
            }
            for (LabelledPair p : in.data().trainDefective().get(t)) {
                ftImages.add(p.image());
                ftMasks.add(p.mask());
            }
        }
        log.accept("synthesis: " + release.category() + ": fine-tuning G_I (conditioning "
                + g.conditioning().name().toLowerCase(java.util.Locale.ROOT) + ", gates "
                + g.gateMode().name().toLowerCase(java.util.Locale.ROOT) + ") on "
                + ftImages.size() + " local defective pairs, " + g.fineTuning().steps() + " steps");
        GatedFineTuner ft = new GatedFineTuner(imageNet, release.weights(CentralServer.G_I), g.conditioning(),
                g.gateMode(), diffusion,
                GenerativeSettings.seeded(g.fineTuning(), seed), seed + 2);
        ft.trainer().progressTo(progress ? System.err : (PrintStream) null);
        AttentionUNet gi;
        try {
            gi = ft.train(new TensorDataset(DiffusionTensors.images(ftImages, imageNet.inChannels()), null, DiffusionTensors.masks(ftMasks, false), seed + 2),
                    work);
            ModelFiles.save(dir.resolve(FINE_TUNED), gi);
            Files2.copyFile(work.resolve("loss.csv"), dir.resolve(FINE_TUNE_LOSS));
        } catch (IOException e) {
            throw new UncheckedIOException("fine-tuning G_I failed: " + e.getMessage(), e);
        }
        gi.eval();
        AttentionUNet gmNet = new AttentionUNet(maskNet, 0);
        gmNet.loadStateDict(release.weights(CentralServer.G_M), true);
        gmNet.eval();
        SynthesisConfig cfg = new SynthesisConfig(profile.synthPerType(), g.sampleBatch(), g.maskSampler(), g.imageSampler(),
                g.guidance(), 1, 4, seed + 3);
        DefectSynthesizer synth = new DefectSynthesizer(new MaskModel(gmNet), gi, diffusion, cfg);

        Map<String, List<LabelledPair>> out = new LinkedHashMap<>();
        List<Object> perType = new ArrayList<>();
        try (ProgressBar bar = Progress.bar("synthesis " + release.category(),
                (long) types.size() * profile.synthPerType(), "pair", progress)) {
            for (String t : types) {
                int cls = release.defectTypes().indexOf(t);
                List<LabelledPair> pairs = new ArrayList<>();
                int empty = 0;
                int redrawn = 0;
                for (int b = 0; b < profile.synthPerType(); b += g.sampleBatch()) {
                    int n = Math.min(g.sampleBatch(), profile.synthPerType() - b);
                    DefectSynthesizer.Pairs p = synth.synthesizeClass(cls, b, n);
                    List<Image> imgs = DiffusionTensors.toImages(p.images());
                    List<Mask> masks = DiffusionTensors.toMasks(p.masks());
                    for (int k = 0; k < n; k++) {
                        LabelledPair pair = new LabelledPair(t, String.format("%04d", b + k), imgs.get(k), masks.get(k));
                        PairFolder.write(dir.resolve(PAIRS), pair);
                        pairs.add(pair);
                        empty += masks.get(k).isEmpty() ? 1 : 0;
                        redrawn += p.maskAttempts()[k] > 1 ? 1 : 0;
                        bar.step();
                    }
                }
                if (empty > 0) {
                    log.accept("synthesis: " + release.category() + "/" + t + ": " + empty + " masks stayed empty after "
                            + cfg.maxMaskAttempts() + " draws");
                }
                Map<String, Object> ts = new LinkedHashMap<>();
                ts.put("type", t);
                ts.put("class_index", cls);
                ts.put("pairs", pairs.size());
                ts.put("masks_redrawn", redrawn);
                ts.put("masks_empty", empty);
                perType.add(ts);
                out.put(t, pairs);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("category", release.category());
        summary.put("fine_tune_pairs", ftImages.size());
        summary.put("synthesis", cfg.toMap());
        summary.put("types", perType);
        Files2.writeJson(dir.resolve(SUMMARY), summary);
        return out;
    }
}
