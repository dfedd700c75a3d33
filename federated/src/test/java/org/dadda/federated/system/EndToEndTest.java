package org.dadda.federated.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.Profile;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.node.DamStage;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.node.NodeData;
import org.dadda.federated.node.PairFolder;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.pipeline.SynthesisStage;
import org.dadda.federated.privacy.Digests;
import org.dadda.federated.privacy.LabelledMask;
import org.dadda.federated.privacy.NormalImage;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.report.RunReport;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.RecordingTransport;
import org.dadda.federated.config.Shard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system at tiny scale, once: two nodes holding shards of one category and a server,
 * through a recording folder transport; stage 1, 2 and 3, the three training sets, evaluation,
 * a small FedAvg grid and the report. The tests then check the acceptance criteria and the
 * privacy boundary on what was recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    private static final String CAT = "widget";

    @TempDir
    static Path tmp;

    private RunFolder run;
    private RecordingTransport recorder;
    private Pipeline pipeline;
    private final List<String> log = new ArrayList<>();

    /**
     * 16x16, four DAM and four synthesized samples per type, 300 diffusion steps (enough for G_I
     * to draw the object, not enough for convincing defects), short downstream trainings: the
     * whole pipeline in a minute or two on two cores.
     */
    static Profile profile() {
        return new Profile("quick", 16, 4, 2, 4, 4, 18, 40, 8, 1e-3, 8, 10, 8, 3e-3, 2, "tiny:300");
    }

    @BeforeAll
    void runPipeline() {
        Path data = tmp.resolve("data");
        TinyDataset.write(data, CAT, 32, 8, 6, 12, 11);
        run = RunFolder.create(tmp.resolve("run"), new RunConfig(profile(), 3, data));
        recorder = new RecordingTransport(new FolderTransport(tmp.resolve("exchange")));
        pipeline = new Pipeline(run, log::add, false, recorder);
        pipeline.augment(CAT, "nodeA", new Shard(0, 2));
        pipeline.augment(CAT, "nodeB", new Shard(1, 2));
        pipeline.serverTrain(null);
        List<Variant> all = List.of(Variant.values());
        for (String node : List.of("nodeA", "nodeB")) {
            pipeline.synthesize(CAT, node);
        }
        pipeline.trainClassifiers(CAT, "nodeA", null, all);
        pipeline.trainDetectors(CAT, "nodeA", all);
        pipeline.quality(CAT, "nodeA");
        pipeline.evaluate(CAT, "nodeA", all);
        pipeline.fedavg(CAT, "nodeA", GridSpec.parse("clients=nd-noniid,nd;b=8;e=1"), null, Variant.DADDA);
        RunReport.write(pipeline);
    }

    private Map<?, ?> metrics() {
        return (Map<?, ?>) Files2.readJson(run.evaluationDir("nodeA", CAT).resolve("metrics.json"));
    }

    private static double num(Map<?, ?> m, String... path) {
        Object o = m;
        for (String k : path) {
            o = ((Map<?, ?>) o).get(k);
        }
        return ((Number) o).doubleValue();
    }

    @Test
    @Order(1)
    void classificationBeatsTheMajorityClassAndDetectionBeatsChance() {
        Map<?, ?> m = metrics();
        double majority = num(m, "classification", "dadda", "majority");
        double fPro = num(m, "classification", "dadda", "f_pro");
        double uPro = num(m, "classification", "dadda", "u_pro");
        assertTrue(fPro >= majority + 0.1, "D-ADDA F-Pro accuracy " + fPro + " vs majority " + majority);
        assertTrue(uPro >= fPro);
        double auroc = num(m, "detectors", "dadda", "detection", "auroc");
        assertTrue(auroc >= 0.65, "D-ADDA detection AUROC " + auroc);
        for (Variant v : Variant.values()) {
            assertTrue(m.get("classification") instanceof Map<?, ?> c && c.containsKey(v.id()), v.id());
        }
    }

    @Test
    @Order(1)
    void theQualityOfTheSynthesizedPairsIsMeasuredAndReportedAboveTableI() throws Exception {
        Map<?, ?> q = (Map<?, ?>) Files2.readJson(run.qualityDir("nodeA", CAT).resolve("quality.json"));
        Map<?, ?> types = (Map<?, ?>) q.get("types");
        assertEquals(new java.util.TreeSet<>(metricsTypes()), new java.util.TreeSet<>(types.keySet().stream().map(String::valueOf).toList()));
        for (Object t : types.values()) {
            Map<?, ?> tm = (Map<?, ?>) t;
            assertTrue(tm.containsKey("realism") && tm.containsKey("plausibility") && tm.containsKey("fidelity"), tm.keySet().toString());
            String status = String.valueOf(((Map<?, ?>) tm.get("verdict")).get("status"));
            assertTrue(List.of("usable", "not usable", "not shown").contains(status), status);
        }
        assertEquals(java.util.Set.of("G_I", "G_M", "G_I fine-tuning"), ((Map<?, ?>) q.get("loss_logs")).keySet(),
                "the loss logs of the server's trainings and the node's fine-tuning travel with their stages");
        String md = java.nio.file.Files.readString(run.root().resolve("report.md"));
        int quality = md.indexOf("Synthesized-sample quality");
        assertTrue(quality > 0 && quality < md.indexOf("Table I"), "the quality section comes before Table I");
        assertTrue(md.contains("D-ADDA+DAM"), "the fourth variant is in the tables");
    }

    private List<String> metricsTypes() {
        return ((List<?>) metrics().get("defect_types")).stream().map(String::valueOf).toList();
    }

    @Test
    @Order(2)
    void serverReceivedOnlyNormalImagesAndMasksFromBothNodes() {
        List<ServerUpload> received = recorder.received();
        assertEquals(List.of("nodeA", "nodeB"), received.stream().map(ServerUpload::nodeId).sorted().toList());
        assertEquals(List.of("nodeA", "nodeB"), recorder.sent().stream().map(ServerUpload::nodeId).sorted().toList());
        assertEquals(1, recorder.published().size());
        // Every image that crossed is, pixel for pixel, a normal training image of its node's shard.
        for (ServerUpload u : concat(recorder.sent(), received)) {
            NodeData nd = NodeData.load(run.categoryDir(CAT), run.stage1Dir(u.nodeId(), CAT), 3, 16,
                    u.nodeId().equals("nodeA") ? new Shard(0, 2) : new Shard(1, 2));
            // Compared as 8-bit pixels: what a PNG in the exchange folder holds.
            List<String> goods = nd.trainGood().stream().map(s -> Digests.of(s.image())).toList();
            for (NormalImage n : u.normals()) {
                assertTrue(goods.contains(Digests.of(n.image())), u.nodeId() + " " + n.source() + " is not one of its normal training images");
            }
        }
    }

    @Test
    @Order(3)
    void noPixelOfAnyDefectiveImageReachedTheServer() {
        List<LabelledPair> acquired = new ArrayList<>();
        List<LabelledPair> derived = new ArrayList<>();
        List<Image> normals = new ArrayList<>();
        for (String node : List.of("nodeA", "nodeB")) {
            NodeData nd = NodeData.load(run.categoryDir(CAT), run.stage1Dir(node, CAT), 3, 16, Shard.ALL);
            nd.trainDefective().values().forEach(acquired::addAll);
            nd.testDefective().values().forEach(acquired::addAll);
            nd.trainGood().forEach(s -> normals.add(s.image()));
            PairFolder.read(run.stage1Dir(node, CAT).resolve(DamStage.FOLDER)).values().forEach(derived::addAll);
            PairFolder.read(run.synthesisDir(node, CAT).resolve(SynthesisStage.PAIRS)).values().forEach(derived::addAll);
        }
        List<Image> crossed = new ArrayList<>();
        int masks = 0;
        for (ServerUpload u : concat(recorder.sent(), recorder.received())) {
            u.normals().forEach(n -> crossed.add(n.image()));
            for (LabelledMask m : u.masks()) {
                // A mask is one bit per pixel: it cannot carry a defect's colours.
                assertEquals(Mask.class, m.mask().getClass());
                masks++;
            }
        }
        assertTrue(masks > 0 && !crossed.isEmpty());
        // The defect region of every acquired defective image (train and test split) is absent from
        // every image that crossed; so is that of every DAM and synthesized image, except where the
        // augmentation left the region exactly as in a normal image (then it holds no defect pixel).
        int checked = 0;
        for (LabelledPair d : concat(acquired, derived)) {
            if (derived.contains(d) && normals.stream().anyMatch(n -> sameInside(d.image(), n, d.mask()))) {
                continue;
            }
            checked++;
            for (Image r : crossed) {
                assertFalse(sameInside(d.image(), r, d.mask()), "the defect region of " + d.type() + "/" + d.name()
                        + " appears in an uploaded image");
                assertFalse(Arrays.equals(d.image().data(), r.data()), d.type() + "/" + d.name() + " was uploaded");
            }
        }
        assertTrue(checked > 40, "defective images checked: " + checked);
        // The exchange folder, which is what would travel between machines, holds nothing else either.
        Path uploads = tmp.resolve("exchange/uploads");
        for (String f : Files2.listFiles(uploads)) {
            String rel = f.substring(f.indexOf(CAT + "/") + CAT.length() + 1);
            assertTrue(rel.equals("manifest.json") || rel.startsWith("train/good/") || rel.matches("ground_truth/[^/]+/[^/]+_mask\\.png"), f);
            if (rel.startsWith("ground_truth/")) {
                Image m = ImageFiles.read(uploads.resolve(f));
                assertEquals(1, m.channels(), f);
                for (float v : m.data()) {
                    assertTrue(v == 0f || v == 1f, f + " is not binary");
                }
            }
        }
    }

    /** Whether {@code a} and {@code b} agree on every pixel (all channels, as 8-bit values: what PNGs hold) of {@code region}. */
    private static boolean sameInside(Image a, Image b, Mask region) {
        if (region.isEmpty() || !a.sameShape(b)) {
            return false;
        }
        int plane = a.height() * a.width();
        boolean[] bits = region.bits();
        for (int c = 0; c < a.channels(); c++) {
            for (int i = 0; i < plane; i++) {
                if (bits[i] && ImageFiles.to8bit(a.data()[c * plane + i]) != ImageFiles.to8bit(b.data()[c * plane + i])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    @Order(4)
    void everyStageIsSkippedOnARerunAndRedoneWhenDamaged() throws Exception {
        log.clear();
        pipeline.augment(CAT, "nodeA", null);
        pipeline.serverTrain(CAT);
        pipeline.synthesize(CAT, "nodeA");
        pipeline.trainClassifiers(CAT, "nodeA", null, List.of(Variant.DADDA));
        assertFalse(log.stream().anyMatch(l -> l.contains(": running")), log.toString());
        // A damaged synthesized image makes synthesis run again, which (being seeded) restores it
        // exactly, so the stages built on it stay valid and are still skipped.
        Path pairs = run.synthesisDir("nodeA", CAT).resolve(SynthesisStage.PAIRS);
        String one = Files2.listFiles(pairs).get(0);
        byte[] before = Files.readAllBytes(pairs.resolve(one));
        Files.write(pairs.resolve(one), new byte[] {0});
        log.clear();
        pipeline.synthesize(CAT, "nodeA");
        pipeline.trainClassifiers(CAT, "nodeA", null, List.of(Variant.REAL, Variant.DADDA));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("synthesis: running")), log.toString());
        assertTrue(Arrays.equals(before, Files.readAllBytes(pairs.resolve(one))), "re-synthesis is not reproducible");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("classifier-dadda: complete, skipped")), log.toString());
        // Damaged classifier weights: that stage alone is redone.
        Path w = run.classifierDir("nodeA", CAT, "real").resolve("classifier.safetensors");
        Files.write(w, new byte[] {1, 2, 3});
        log.clear();
        pipeline.trainClassifiers(CAT, "nodeA", null, List.of(Variant.REAL, Variant.DADDA));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("classifier-real: running")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("classifier-dadda: complete, skipped")), log.toString());
        assertTrue(Files.isRegularFile(run.root().resolve("report.md")));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

}
