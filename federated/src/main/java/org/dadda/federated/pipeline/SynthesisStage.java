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
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.sample.DdimSampler;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.diffusion.synth.MaskModel;
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
import org.dadda.nn.train.ProgressBar;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * Stage 3's synthesis on a node (Sec. III-C, eq. 7): with the server's weights, sample masks
 * {@code M_i = G_M(z)} for each defect type (classifier-free guidance), fine-tune G_I into
 * {@code G_I(z | M)} with the gated cross-attention (eq. 9, 10) on the node's own defective
 * pairs (DAM samples and acquired training images, which never leave the node), and synthesize
 * one image per sampled mask.
 */
public final class SynthesisStage {
    /** Sub-folder of the synthesis folder holding the synthesized pairs (MVTec layout). */
    public static final String PAIRS = "pairs";
    /** The fine-tuned, mask-conditioned G_I. */
    public static final String FINE_TUNED = "g_i_gated.safetensors";
    /** What was made, with counts. */
    public static final String SUMMARY = "synthesis.json";

    private static final int BATCH = 16;
    private static final int MASK_TRIES = 4;

    private SynthesisStage() {
    }

    /** Runs the synthesis for a node into {@code dir}; {@code work} keeps the fine-tuning checkpoints. */
    static Map<String, List<LabelledPair>> run(ModelRelease release, NodeInputs in, Profile profile, long seed, Path dir, Path work,
                                               Consumer<String> log, boolean progress) {
        GenerativeSettings g = GenerativeSettings.of(profile);
        @SuppressWarnings("unchecked")
        UNetConfig imageNet = UNetConfig.fromMap((Map<String, Object>) release.config().get("image_net"));
        @SuppressWarnings("unchecked")
        UNetConfig maskNet = UNetConfig.fromMap((Map<String, Object>) release.config().get("mask_net"));
        if (imageNet.imageSize() != profile.resolution()) {
            throw new IllegalArgumentException("the server's release for " + release.category() + " is at " + imageNet.imageSize()
                    + "x" + imageNet.imageSize() + ", this node's profile '" + profile.name() + "' at " + profile.resolution());
        }
        GaussianDiffusion diffusion = new GaussianDiffusion(g.schedule());
        Sampler sampler = new DdimSampler(diffusion, Math.min(g.samplerSteps(), g.diffusionSteps()), g.eta(), true);
        List<String> types = in.data().defectTypes();
        for (String t : types) {
            if (!release.defectTypes().contains(t)) {
                throw new IllegalArgumentException("the server's G_M for " + release.category() + " knows defect types "
                        + release.defectTypes() + ", not this node's '" + t + "'");
            }
        }

        AttentionUNet gmNet = new AttentionUNet(maskNet, 0);
        gmNet.loadStateDict(release.weights(CentralServer.G_M), true);
        gmNet.eval();
        MaskModel gm = new MaskModel(gmNet);
        Map<String, List<Mask>> masks = new LinkedHashMap<>();
        int empties = 0;
        try (ProgressBar bar = org.dadda.federated.downstream.Progress.bar("G_M masks " + release.category(),
                (long) types.size() * profile.synthPerType(), "mask", progress)) {
            for (String t : types) {
                int cls = release.defectTypes().indexOf(t);
                List<Mask> l = new ArrayList<>();
                for (int i = 0; i < profile.synthPerType(); i++) {
                    l.add(null);
                }
                for (int attempt = 0; attempt < MASK_TRIES; attempt++) {
                    List<Integer> todo = new ArrayList<>();
                    for (int i = 0; i < l.size(); i++) {
                        if (l.get(i) == null || l.get(i).isEmpty()) {
                            todo.add(i);
                        }
                    }
                    for (int s = 0; s < todo.size(); s += BATCH) {
                        List<Integer> part = todo.subList(s, Math.min(todo.size(), s + BATCH));
                        long[] seeds = new long[part.size()];
                        for (int k = 0; k < seeds.length; k++) {
                            seeds[k] = NoiseSource.sampleSeed(seed, ((long) cls << 40) + ((long) attempt << 32) + part.get(k));
                        }
                        int[] classes = new int[part.size()];
                        java.util.Arrays.fill(classes, cls);
                        List<Mask> got = DiffusionTensors.toMasks(gm.sampleBinary(classes, g.guidance(), sampler, NoiseSource.ofSeeds(seeds)));
                        for (int k = 0; k < part.size(); k++) {
                            l.set(part.get(k), got.get(k));
                            if (attempt == 0) {
                                bar.step();
                            }
                        }
                    }
                }
                // A mask that stays empty cannot condition a defect: stand in the node's own DAM masks, in turn.
                List<LabelledPair> dam = in.dam().getOrDefault(t, List.of());
                for (int i = 0; i < l.size(); i++) {
                    if (l.get(i).isEmpty() && !dam.isEmpty()) {
                        l.set(i, dam.get(i % dam.size()).mask());
                        empties++;
                    }
                }
                masks.put(t, l);
            }
        }
        if (empties > 0) {
            log.accept("synthesis: " + release.category() + ": " + empties + " sampled masks were empty; DAM masks stand in for them");
        }

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
        log.accept("synthesis: " + release.category() + ": fine-tuning G_I with gated cross-attention (" + g.gateMode() + ") on "
                + ftImages.size() + " local defective pairs, " + g.fineTuneSteps() + " steps");
        GatedFineTuner ft = new GatedFineTuner(imageNet, release.weights(CentralServer.G_I), g.gateMode(), diffusion,
                g.fineTuning(seed + 2), seed + 2);
        ft.trainer().progressTo(progress ? System.err : (PrintStream) null);
        AttentionUNet gi;
        try {
            gi = ft.train(new TensorDataset(DiffusionTensors.images(ftImages), null, DiffusionTensors.masks(ftMasks, false), seed + 2),
                    work);
            ModelFiles.save(dir.resolve(FINE_TUNED), gi);
        } catch (IOException e) {
            throw new UncheckedIOException("fine-tuning G_I failed: " + e.getMessage(), e);
        }
        gi.eval();

        Map<String, List<LabelledPair>> out = new LinkedHashMap<>();
        int s = profile.resolution();
        try (ProgressBar bar = org.dadda.federated.downstream.Progress.bar("G_I images " + release.category(),
                (long) types.size() * profile.synthPerType(), "image", progress)) {
            for (String t : types) {
                int cls = release.defectTypes().indexOf(t);
                List<Mask> l = masks.get(t);
                List<LabelledPair> pairs = new ArrayList<>();
                for (int b = 0; b < l.size(); b += BATCH) {
                    List<Mask> part = l.subList(b, Math.min(l.size(), b + BATCH));
                    long[] seeds = new long[part.size()];
                    for (int k = 0; k < seeds.length; k++) {
                        seeds[k] = NoiseSource.sampleSeed(seed + 3, ((long) cls << 32) + b + k);
                    }
                    Tensor m = DiffusionTensors.masks(part, false);
                    Tensor x;
                    try (Autograd.NoGrad ng = Autograd.noGrad()) {
                        x = sampler.sample(gi.epsModel(null, m), new int[] {part.size(), 3, s, s}, NoiseSource.ofSeeds(seeds));
                    }
                    List<Image> imgs = DiffusionTensors.toImages(x);
                    for (int k = 0; k < part.size(); k++) {
                        LabelledPair p = new LabelledPair(t, String.format("%04d", b + k), imgs.get(k), part.get(k));
                        PairFolder.write(dir.resolve(PAIRS), p);
                        pairs.add(p);
                        bar.step();
                    }
                }
                out.put(t, pairs);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("category", release.category());
        summary.put("per_type", profile.synthPerType());
        summary.put("types", types);
        summary.put("empty_masks_replaced_by_dam", empties);
        summary.put("fine_tune_pairs", ftImages.size());
        summary.put("sampler", sampler.describe());
        summary.put("guidance", g.guidance());
        summary.put("gate_mode", g.gateMode().name());
        Files2.writeJson(dir.resolve(SUMMARY), summary);
        return out;
    }
}
