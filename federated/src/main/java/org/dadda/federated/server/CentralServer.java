package org.dadda.federated.server;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.train.DdpmTrainer;
import org.dadda.diffusion.train.ModelFiles;
import org.dadda.diffusion.train.TensorDataset;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.config.Profile;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.ModelRelease;
import org.dadda.federated.transport.WeightsIo;

/**
 * The central server (Fig. 2, stage 2): from the normal images and masks the nodes sent for a
 * category, trains G_I, an unconditional DDPM over normal images, and G_M, a DDPM over masks
 * conditioned on the defect type with classifier-free guidance, and releases the weights (their
 * exponential moving averages). It never sees a defective image: its only input is
 * {@link CategoryPool}, made of {@link org.dadda.federated.privacy.ServerUpload}s.
 */
public final class CentralServer {
    /** Release model name of G_I. */
    public static final String G_I = "g_i";
    /** Release model name of G_M. */
    public static final String G_M = "g_m";
    /** The release description in the server's stage folder. */
    public static final String RELEASE = "release.json";
    /** Suffix of a model's training loss log in the server's stage folder ({@code g_i-loss.csv}). */
    public static final String LOSS_SUFFIX = "-loss.csv";

    private final Profile profile;
    private final long seed;
    private final Consumer<String> log;
    private final boolean progress;

    /** A server training at {@code profile}'s scale with {@code seed}. */
    public CentralServer(Profile profile, long seed, Consumer<String> log, boolean progress) {
        this.profile = profile;
        this.seed = seed;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Trains G_I and G_M on {@code pool}, writes their weights and the release description into
     * {@code dir}, and returns the release. {@code work} keeps the training checkpoints, so that an
     * interrupted training resumes where it stopped.
     */
    public ModelRelease train(CategoryPool pool, Path dir, Path work) {
        if (pool.normals().isEmpty()) {
            throw new IllegalArgumentException("no normal images were uploaded for " + pool.category() + ": cannot train G_I");
        }
        if (pool.masks().isEmpty()) {
            throw new IllegalArgumentException("no masks were uploaded for " + pool.category() + ": cannot train G_M");
        }
        int size = pool.normals().get(0).height();
        if (size != profile.resolution()) {
            throw new IllegalArgumentException("uploads for " + pool.category() + " are " + size + "x" + size + ", the server's profile '"
                    + profile.name() + "' works at " + profile.resolution() + " (nodes and server must use the same profile)");
        }
        int channels = DiffusionTensors.channels(pool.normals());
        GenerativeSettings g = GenerativeSettings.of(profile).withImageChannels(channels);
        GaussianDiffusion diffusion = new GaussianDiffusion(g.schedule());
        log.accept("server: " + pool.category() + ": G_I on " + pool.normals().size() + " normal images, G_M on " + pool.masks().size()
                + " masks of " + pool.defectTypes() + " from " + pool.nodes() + (channels == 1 ? " (grayscale: one channel)" : ""));
        AttentionUNet gi = new AttentionUNet(g.imageNet(), seed);
        DdpmTrainer ti = new DdpmTrainer(gi, diffusion, GenerativeSettings.seeded(g.imageTraining(), seed)).progressTo(bar());
        AttentionUNet giEma = run(ti, new TensorDataset(DiffusionTensors.images(pool.normals(), channels), null, null, seed), work.resolve(G_I));
        UNetConfig gmConfig = g.maskNet(pool.defectTypes().size());
        AttentionUNet gm = new AttentionUNet(gmConfig, seed + 1);
        DdpmTrainer tm = new DdpmTrainer(gm, diffusion, GenerativeSettings.seeded(g.maskTraining(), seed)).progressTo(bar());
        AttentionUNet gmEma = run(tm, new TensorDataset(DiffusionTensors.masks(pool.masks(), true), pool.maskClasses(), null, seed + 1),
                work.resolve(G_M));
        try {
            ModelFiles.save(dir.resolve(G_I + ".safetensors"), giEma);
            ModelFiles.save(dir.resolve(G_M + ".safetensors"), gmEma);
            // The loss logs travel with the release folder, so that a report can plot them.
            Files2.copyFile(work.resolve(G_I).resolve("loss.csv"), dir.resolve(G_I + LOSS_SUFFIX));
            Files2.copyFile(work.resolve(G_M).resolve("loss.csv"), dir.resolve(G_M + LOSS_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write weights into " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Object> config = config(g, gmConfig, profile.diffusion());
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("category", pool.category());
        rel.put("defect_types", pool.defectTypes());
        rel.put("nodes", pool.nodes());
        rel.put("normal_images", pool.normals().size());
        rel.put("masks", pool.masks().size());
        rel.put("config", config);
        Files2.writeJson(dir.resolve(RELEASE), rel);
        return new ModelRelease(pool.category(), pool.defectTypes(), config, Map.of(G_I, giEma.stateDict(), G_M, gmEma.stateDict()));
    }

    private PrintStream bar() {
        return progress ? System.err : null;
    }

    private static AttentionUNet run(DdpmTrainer t, TensorDataset data, Path work) {
        try {
            // Resumes from the newest checkpoint in work when an earlier run was interrupted.
            t.train(data, work);
        } catch (IOException e) {
            throw new UncheckedIOException("diffusion training in " + work + " failed: " + e.getMessage(), e);
        }
        return t.emaModel();
    }

    /** What a node needs to rebuild the models and sample like the server intends. */
    static Map<String, Object> config(GenerativeSettings g, UNetConfig gm, String profileName) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("generative", g.toMap());
        c.put("diffusion_profile", profileName);
        c.put("image_net", g.imageNet().toMap());
        c.put("mask_net", gm.toMap());
        return c;
    }

    /**
     * Reads back the release {@link #train} wrote into {@code dir} (to publish it again).
     *
     * @throws IllegalArgumentException naming the file when something is missing
     */
    @SuppressWarnings("unchecked")
    public static ModelRelease read(Path dir) {
        Map<String, Object> rel = (Map<String, Object>) Files2.readJson(dir.resolve(RELEASE));
        List<String> types = ((List<?>) rel.get("defect_types")).stream().map(String::valueOf).toList();
        Map<String, Object> config = (Map<String, Object>) rel.get("config");
        return new ModelRelease(String.valueOf(rel.get("category")), types, config,
                Map.of(G_I, WeightsIo.load(dir.resolve(G_I + ".safetensors")), G_M, WeightsIo.load(dir.resolve(G_M + ".safetensors"))));
    }
}
