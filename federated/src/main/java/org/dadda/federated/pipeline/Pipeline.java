package org.dadda.federated.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.ArrayList;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.config.Shard;
import org.dadda.federated.downstream.ClassifierRun;
import org.dadda.federated.downstream.DetectorRun;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.run.StageMarker;
import org.dadda.federated.server.CategoryPool;
import org.dadda.federated.server.CentralServer;
import org.dadda.federated.transport.ModelRelease;
import org.dadda.federated.transport.ReleaseDigest;
import org.dadda.federated.node.LocalNode;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.run.Files2;
import org.dadda.federated.run.Stage;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.Transport;

/**
 * The stages of a run on its run folder, each skipped when its output is already complete and
 * intact. This is what the {@code dadda} commands call; a stage reads only files, so each can run
 * in a separate process or on another machine.
 */
public final class Pipeline {
    private static final String NODE_FILE = "node.json";

    private final RunFolder run;
    private final Consumer<String> log;
    private final boolean progress;
    private final Transport transport;

    /**
     * The stages of {@code run}, logging to {@code log}, with progress bars when {@code progress},
     * exchanging uploads and releases through the run folder's exchange folder.
     */
    public Pipeline(RunFolder run, Consumer<String> log, boolean progress) {
        this(run, log, progress, run.transport());
    }

    /** As above, with another transport (another exchange folder, or an in-process or recording one). */
    public Pipeline(RunFolder run, Consumer<String> log, boolean progress, Transport transport) {
        this.run = run;
        this.log = log;
        this.progress = progress;
        this.transport = transport;
    }

    /** The transport between nodes and server. */
    public Transport transport() {
        return transport;
    }

    /** The run folder. */
    public RunFolder run() {
        return run;
    }

    /** The log sink. */
    public Consumer<String> log() {
        return log;
    }

    /** Whether progress bars are drawn. */
    public boolean progress() {
        return progress;
    }

    /** Profile settings stage 1 reads. */
    private static final List<String> STAGE1_SETTINGS = List.of("resolution", "dam_per_type", "dam_max_tries", "dam_quality_references",
            "dam_label");
    /** Profile settings the server's training reads (with the generative settings' server part). */
    private static final List<String> SERVER_SETTINGS = List.of("resolution", "diffusion");
    /** Profile settings synthesis reads (with the generative settings). */
    private static final List<String> SYNTHESIS_SETTINGS = List.of("resolution", "diffusion", "synth_per_type", "conditioning",
            "gate_mode");
    /** Profile settings a classifier's training reads. */
    private static final List<String> CLASSIFIER_SETTINGS = List.of("resolution", "dam_per_type", "synth_per_type", "classifier",
            "classifier_epochs", "classifier_batch", "classifier_lr", "dam_label");
    /** Profile settings a detector's training reads. */
    private static final List<String> DETECTOR_SETTINGS = List.of("resolution", "dam_per_type", "synth_per_type", "detector_base",
            "detector_epochs", "detector_batch", "detector_lr", "dam_label");
    /**
     * Settings added after run folders were first written, with the value those folders meant: a
     * stage's key records them only when they differ, so older folders stay complete.
     */
    private static final Map<String, Object> LATER_SETTINGS = Map.of("dam_label", "region");

    /** Inputs key of a stage: the whole profile, the seed and the given parts, as one JSON string. */
    String key(Object... parts) {
        return key(run.profile().toMap(), parts);
    }

    /**
     * Inputs key of a stage that reads only the profile settings {@code settings}: changing another
     * setting (the repeats, say) does not redo it.
     */
    String keyOf(List<String> settings, Object... parts) {
        Map<String, Object> all = run.profile().toMap();
        Map<String, Object> some = new LinkedHashMap<>();
        for (String s : settings) {
            if (!all.get(s).equals(LATER_SETTINGS.get(s))) {
                some.put(s, all.get(s));
            }
        }
        return key(some, parts);
    }

    private String key(Map<String, Object> profile, Object... parts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", profile);
        m.put("seed", run.seed());
        for (int i = 0; i + 1 < parts.length; i += 2) {
            m.put(String.valueOf(parts[i]), parts[i + 1]);
        }
        return org.dadda.tensor.util.Json.write(m);
    }

    /** The seed of repeat {@code repeat} (0-based) of a downstream model: the run's seed for the first. */
    long repeatSeed(int repeat) {
        return run.seed() + 7919L * repeat;
    }

    /** The node {@code nodeId} of {@code category}, with the shard recorded by its stage 1 (or {@code shard} for a new one). */
    public LocalNode node(String category, String nodeId, Shard shard) {
        Path file = run.nodeDir(nodeId, category).resolve(NODE_FILE);
        Shard s = shard;
        if (java.nio.file.Files.isRegularFile(file)) {
            Map<?, ?> m = (Map<?, ?>) Files2.readJson(file);
            Shard recorded = Shard.parse(String.valueOf(m.get("shard")));
            if (shard != null && !shard.equals(recorded)) {
                throw new IllegalArgumentException("node " + nodeId + " of " + category + " holds shard " + recorded
                        + " in " + run.root() + "; --shard " + shard + " contradicts it");
            }
            s = recorded;
        }
        if (s == null) {
            s = Shard.ALL;
        }
        return new LocalNode(nodeId, run.categoryDir(category), run.profile(), run.seed(), s, log);
    }

    /**
     * Stage 1 on a node: split, DAM, and the upload of normal images and masks to the exchange.
     *
     * @return the upload that was sent
     */
    public ServerUpload augment(String category, String nodeId, Shard shard) {
        LocalNode node = node(category, nodeId, shard);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("node", nodeId);
        rec.put("category", category);
        rec.put("shard", node.shard().toString());
        Files2.writeJson(run.nodeDir(nodeId, category).resolve(NODE_FILE), rec);
        Path dir = run.stage1Dir(nodeId, category);
        Stage.run(dir, "stage1", keyOf(STAGE1_SETTINGS, "category", category, "node", nodeId, "shard", node.shard().toString(),
                "data", node.categoryDir().toString()), log, d -> node.stage1(d, progress));
        ServerUpload upload = node.upload(dir);
        boolean same = false;
        if (transport instanceof FolderTransport t && java.nio.file.Files.isDirectory(t.uploadDir(nodeId, category))) {
            try {
                same = FolderTransport.readUpload(nodeId, t.uploadDir(nodeId, category)).manifest().equals(upload.manifest());
            } catch (IllegalArgumentException e) {
                log.accept("upload of " + nodeId + "/" + category + " in the exchange is damaged (" + e.getMessage() + "); sending again");
            }
        }
        if (!same) {
            transport.sendUpload(upload);
            org.dadda.federated.node.SentLog.append(run.nodeDir(nodeId, category), upload.manifest(), transport.toString());
            log.accept(nodeId + ": sent " + upload.normals().size() + " normal images and " + upload.masks().size()
                    + " masks of " + category + " to the server");
        }
        return upload;
    }

    /**
     * Audits what node {@code nodeId} sent for {@code category} (its {@link org.dadda.federated.node.SentLog})
     * against its defective images, real masks and DAM masks.
     */
    public org.dadda.federated.node.UploadAudit.Result audit(String category, String nodeId) {
        Path stage1 = run.stage1Dir(nodeId, category);
        if (!java.nio.file.Files.isDirectory(stage1)) {
            throw new IllegalArgumentException("node " + nodeId + " has no stage 1 for " + category + " in " + run.root()
                    + ": nothing was sent");
        }
        LocalNode node = node(category, nodeId, null);
        return org.dadda.federated.node.UploadAudit.audit(run.nodeDir(nodeId, category), node.load(stage1),
                org.dadda.federated.node.PairFolder.read(stage1.resolve(org.dadda.federated.node.DamStage.FOLDER)));
    }

    /** The SHA-256 of a stage folder's completion marker, or "none": ties a stage's key to its inputs' exact outputs. */
    static String marker(Path stageDir) {
        Path m = stageDir.resolve(StageMarker.FILE);
        return java.nio.file.Files.isRegularFile(m) ? Files2.sha256(m) : "none";
    }

    /** The node's inputs, loaded on first use only (a stage that is skipped never reads an image). */
    private java.util.function.Supplier<NodeInputs> inputs(String category, String nodeId) {
        LocalNode node = node(category, nodeId, null);
        NodeInputs[] memo = new NodeInputs[1];
        return () -> {
            if (memo[0] == null) {
                memo[0] = NodeInputs.load(node, run.stage1Dir(nodeId, category), run.synthesisDir(nodeId, category));
            }
            return memo[0];
        };
    }

    private String upstream(String category, String nodeId, Variant v) {
        return marker(run.stage1Dir(nodeId, category)) + (v.synthesized() ? "/" + marker(run.synthesisDir(nodeId, category)) : "");
    }

    /**
     * Trains F_cls for each variant on a node (stage 3), each repeat into its own folder with its
     * own seed, recording the test accuracy after every epoch (F-Pro and U-Pro).
     *
     * @param init pre-trained ResNet weights (torchvision names), or null to train from scratch
     */
    public void trainClassifiers(String category, String nodeId, Path init, List<Variant> variants) {
        java.util.function.Supplier<NodeInputs> in = inputs(category, nodeId);
        String initKey = init == null ? "scratch" : init.toAbsolutePath() + "#" + Files2.sha256(init);
        for (Variant v : variants) {
            for (int r = 0; r < run.profile().repeats(); r++) {
                long seed = repeatSeed(r);
                String which = v.id() + repeatLabel(r);
                String label = "F_cls " + category + "/" + which;
                Stage.run(run.classifierDir(nodeId, category, v.folder(r)), "classifier-" + v.folder(r),
                        keyOf(CLASSIFIER_SETTINGS, "category", category, "node", nodeId, "variant", v.id(), "repeat_seed", seed,
                                "upstream", upstream(category, nodeId, v), "init", initKey), log,
                        d -> {
                            ClassifierRun.Result res = ClassifierRun.train(d, in.get().sets().classifier(v), in.get().classifierTest(),
                                    run.profile(), seed, init, label, progress);
                            log.accept(String.format(java.util.Locale.ROOT, "classifier %s/%s: F-Pro %.2f%%, U-Pro %.2f%% (epoch %d),"
                                            + " majority %.2f%%", category, which, 100 * res.fPro(), 100 * res.uPro(),
                                    res.uProEpoch(), 100 * res.majority()));
                        });
            }
        }
    }

    private String repeatLabel(int repeat) {
        return run.profile().repeats() > 1 ? " (repeat " + (repeat + 1) + "/" + run.profile().repeats() + ")" : "";
    }

    /** Trains F_det/loc for each variant on a node (stage 3), each repeat into its own folder with its own seed. */
    public void trainDetectors(String category, String nodeId, List<Variant> variants) {
        java.util.function.Supplier<NodeInputs> in = inputs(category, nodeId);
        for (Variant v : variants) {
            for (int r = 0; r < run.profile().repeats(); r++) {
                long seed = repeatSeed(r);
                String label = "F_det " + category + "/" + v.id() + repeatLabel(r);
                Stage.run(run.detectorDir(nodeId, category, v.folder(r)), "detector-" + v.folder(r),
                        keyOf(DETECTOR_SETTINGS, "category", category, "node", nodeId, "variant", v.id(), "repeat_seed", seed,
                                "upstream", upstream(category, nodeId, v)), log,
                        d -> DetectorRun.train(d, in.get().sets().detector(v), run.profile(), seed, label, progress));
            }
        }
    }

    /** Whether the node's synthesis of {@code category} is complete. */
    public boolean hasSynthesis(String category, String nodeId) {
        return java.nio.file.Files.isRegularFile(run.synthesisDir(nodeId, category).resolve(StageMarker.FILE));
    }

    /**
     * Measures the quality of a node's synthesized pairs (stage 3): realism, mask plausibility and
     * mask fidelity per defect type ({@link QualityStage}); returns the measures file. Needs the
     * synthesis and the first repeat of the DAM variant's detector.
     */
    public Path quality(String category, String nodeId) {
        java.util.function.Supplier<NodeInputs> in = inputs(category, nodeId);
        Path dir = run.qualityDir(nodeId, category);
        Path detector = run.detectorDir(nodeId, category, Variant.DAM.folder(0));
        Stage.run(dir, "quality", keyOf(List.of("resolution"), "category", category, "node", nodeId,
                        "synthesis", marker(run.synthesisDir(nodeId, category)), "detector", marker(detector)), log,
                d -> QualityStage.run(this, in.get(), category, nodeId, detector, d));
        return dir.resolve(org.dadda.federated.quality.QualityReport.FILE);
    }

    /** Evaluates a node's trained models on the test split (stage 3); returns the metrics file. */
    public Path evaluate(String category, String nodeId, List<Variant> variants) {
        java.util.function.Supplier<NodeInputs> in = inputs(category, nodeId);
        List<String> ups = new ArrayList<>();
        for (Variant v : variants) {
            for (int r = 0; r < run.profile().repeats(); r++) {
                ups.add(marker(run.classifierDir(nodeId, category, v.folder(r))) + "/"
                        + marker(run.detectorDir(nodeId, category, v.folder(r))));
            }
        }
        Path dir = run.evaluationDir(nodeId, category);
        Stage.run(dir, "evaluation", key("category", category, "node", nodeId, "upstream", ups), log,
                d -> Evaluation.run(this, in.get(), nodeId, category, variants, d));
        return dir.resolve(Evaluation.METRICS);
    }

    /** The Table III grid on a node's D-ADDA training set (or another variant's). */
    public Path fedavg(String category, String nodeId, GridSpec spec, Path init, Variant variant) {
        java.util.function.Supplier<NodeInputs> in = inputs(category, nodeId);
        Path dir = run.fedavgDir(nodeId, category);
        String initKey = init == null ? "scratch" : init.toAbsolutePath() + "#" + Files2.sha256(init);
        List<String> settings = new ArrayList<>(CLASSIFIER_SETTINGS);
        settings.add("fedavg_rounds");
        Stage.run(dir, "fedavg", keyOf(settings, "category", category, "node", nodeId, "upstream", upstream(category, nodeId, variant),
                "grid", spec.toString(), "init", initKey, "variant", variant.id()), log,
                d -> FedAvgStage.run(this, in.get().sets().classifier(variant), in.get().classifierTest(), spec, init, d));
        return dir.resolve(FedAvgStage.TABLE);
    }

    /**
     * Stage 2 on the central server: receives every upload (each checked at the boundary), and for
     * each category (or just {@code category}) trains G_I and G_M and publishes the weights.
     *
     * @return the categories published
     */
    public List<String> serverTrain(String category) {
        List<ServerUpload> ups = transport.receiveUploads();
        Map<String, CategoryPool> pools = CategoryPool.of(ups);
        if (category != null && !pools.containsKey(category)) {
            throw new IllegalArgumentException("no node has uploaded data for category '" + category + "' (uploads: " + pools.keySet() + ")");
        }
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("no uploads in the exchange: run dadda augment on the nodes first");
        }
        CentralServer server = new CentralServer(run.profile(), run.seed(), log, progress);
        List<String> done = new ArrayList<>();
        for (var e : pools.entrySet()) {
            String c = e.getKey();
            if (category != null && !category.equals(c)) {
                continue;
            }
            List<String> digests = new ArrayList<>();
            for (ServerUpload u : ups) {
                if (u.category().equals(c)) {
                    digests.add(u.nodeId() + ":" + org.dadda.federated.privacy.Digests.hex(
                            org.dadda.tensor.util.Json.write(u.manifest().toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
            String k = keyOf(SERVER_SETTINGS, "category", c, "uploads", digests, "generative",
                    GenerativeSettings.of(run.profile()).serverMap());
            Path dir = run.stage2Dir(c);
            Path work = dir.resolveSibling("stage2-work").resolve(org.dadda.federated.privacy.Digests.hex(
                    k.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16));
            boolean ran = Stage.run(dir, "stage2", k, log, d -> server.train(e.getValue(), d, work));
            if (ran || transport.fetchRelease(c).isEmpty()) {
                transport.publish(CentralServer.read(dir));
                log.accept("server: published G_I and G_M of " + c);
            }
            done.add(c);
        }
        return done;
    }

    /** Stage 3's synthesis on a node with the server's published weights. */
    public void synthesize(String category, String nodeId) {
        LocalNode node = node(category, nodeId, null);
        ModelRelease release = transport.fetchRelease(category).orElseThrow(() -> new IllegalArgumentException(
                "the server has published no weights for " + category + " yet: run dadda server train first"));
        java.util.function.Supplier<NodeInputs> in = inputs(category, nodeId);
        String releaseKey = ReleaseDigest.of(release);
        String k = keyOf(SYNTHESIS_SETTINGS, "category", category, "node", nodeId, "stage1", marker(run.stage1Dir(nodeId, category)),
                "release", releaseKey,
                "generative", GenerativeSettings.of(run.profile()).toMap());
        Path dir = run.synthesisDir(nodeId, category);
        Path work = dir.resolveSibling("stage3-synthesis-work").resolve(org.dadda.federated.privacy.Digests.hex(
                k.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16));
        Stage.run(dir, "synthesis", k, log, d -> SynthesisStage.run(release, in.get(), run.profile(), run.seed(), d, work, log, progress));
    }

    /** The categories a command works on: {@code category}, or every category of the dataset for null or "all". */
    public List<String> categories(String category) {
        if (category == null || category.equals("all")) {
            return run.categories();
        }
        run.categoryDir(category);
        return List.of(category);
    }
}
