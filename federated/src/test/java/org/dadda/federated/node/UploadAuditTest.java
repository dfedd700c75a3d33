package org.dadda.federated.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.privacy.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-side audit: clean after an honest stage 1, and it names what a planted line claims was sent. */
class UploadAuditTest {
    @TempDir
    Path tmp;

    @Test
    void anHonestUploadPassesAndPlantedDefectiveImagesOrRealMasksFail() throws Exception {
        Path data = tmp.resolve("data");
        TinyDataset.write(data, "widget", 32, 6, 3, 6, 3);
        RunFolder run = RunFolder.create(tmp.resolve("run"), new RunConfig(TestProfiles.tiny(), 7, data));
        List<String> log = new ArrayList<>();
        Pipeline p = new Pipeline(run, log::add, false);
        p.augment("widget", "node1", null);

        UploadAudit.Result clean = p.audit("widget", "node1");
        assertTrue(clean.clean(), String.valueOf(clean.violations()));
        assertEquals(1, clean.uploads());
        assertTrue(clean.filesSent() > 0);
        Path nodeDir = run.nodeDir("node1", "widget");
        assertTrue(Files.readString(nodeDir.resolve(SentLog.FILE)).contains("exchange folder"));

        NodeData d = p.node("widget", "node1", null).load(run.stage1Dir("node1", "widget"));
        LabelledPair test = d.testDefective().values().iterator().next().get(0);
        LabelledPair train = d.trainDefective().values().iterator().next().get(0);
        plant(nodeDir, "normal", "train/good/leak.png", Digests.of(test.image()));
        plant(nodeDir, "mask", "ground_truth/" + train.type() + "/real_mask.png", Digests.of(train.mask()));
        plant(nodeDir, "normal", "train/good/stranger.png", "00".repeat(32));

        UploadAudit.Result bad = p.audit("widget", "node1");
        assertFalse(bad.clean());
        assertEquals(3, bad.violations().size(), String.valueOf(bad.violations()));
        assertTrue(bad.violations().get(0).contains("leak.png") && bad.violations().get(0).contains("defective image"),
                bad.violations().get(0));
        assertTrue(bad.violations().get(1).contains("real mask"), bad.violations().get(1));
        assertTrue(bad.violations().get(2).contains("not one of the node's normal training images"), bad.violations().get(2));
        assertEquals(4, bad.uploads());
    }

    private static void plant(Path nodeDir, String kind, String path, String sha) throws Exception {
        String line = "{\"time\":\"2026-12-02T00:00:00Z\",\"node\":\"node1\",\"category\":\"widget\",\"to\":\"planted\","
                + "\"files\":[{\"kind\":\"" + kind + "\",\"path\":\"" + path + "\",\"sha256\":\"" + sha + "\"}]}\n";
        Files.writeString(nodeDir.resolve(SentLog.FILE), line, StandardOpenOption.APPEND);
    }
}
