package org.dadda.federated.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.Shard;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadManifest;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.run.Files2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNodeStage1Test {
    @TempDir
    Path tmp;

    @Test
    void stage1WritesDamPairsAndTheUploadHoldsOnlyNormalsAndMasks() {
        Path cat = TinyDataset.write(tmp.resolve("data"), "widget", 32, 6, 2, 6, 1);
        LocalNode node = new LocalNode("n1", cat, TestProfiles.tiny(), 5, Shard.ALL, s -> { });
        Path stage1 = tmp.resolve("run/stage1");
        Map<String, List<LabelledPair>> dam = node.stage1(stage1, false);
        assertEquals(TinyDataset.TYPES, List.copyOf(dam.keySet()));
        for (List<LabelledPair> l : dam.values()) {
            assertEquals(3, l.size());
        }
        assertTrue(Files.isRegularFile(stage1.resolve("split.json")));
        assertTrue(Files.isRegularFile(stage1.resolve(DamStage.TIMINGS)));
        assertEquals(9, PairFolder.read(stage1.resolve(DamStage.FOLDER)).values().stream().mapToInt(List::size).sum());
        Map<?, ?> timings = (Map<?, ?>) Files2.readJson(stage1.resolve(DamStage.TIMINGS));
        assertEquals(TinyDataset.TYPES, List.copyOf(timings.keySet().stream().map(String::valueOf).toList()));

        ServerUpload up = node.upload(stage1);
        assertEquals(6, up.normals().size());
        assertEquals(9, up.masks().size());
        assertEquals(TinyDataset.TYPES, up.defectTypes());
        for (UploadManifest.Entry e : up.manifest().entries()) {
            assertTrue(e.path().startsWith("train/good/") || e.path().startsWith("ground_truth/"), e.path());
        }
        FolderTransport t = new FolderTransport(tmp.resolve("exchange"));
        t.sendUpload(up);
        assertEquals(up.manifest(), t.receiveUploads().get(0).manifest());
    }

    @Test
    void shardsSplitTheTrainingData() {
        Path cat = TinyDataset.write(tmp.resolve("data"), "widget", 32, 6, 2, 6, 1);
        NodeData a = NodeData.load(cat, tmp.resolve("a"), 5, 32, new Shard(0, 2));
        NodeData b = NodeData.load(cat, tmp.resolve("b"), 5, 32, new Shard(1, 2));
        assertEquals(List.of("000.png", "002.png", "004.png"), a.trainGoodNames());
        assertEquals(List.of("001.png", "003.png", "005.png"), b.trainGoodNames());
        assertEquals(a.testDefective().get("spot").size(), b.testDefective().get("spot").size());
        assertEquals(1, a.trainDefective().get("spot").size());
    }
}
