package org.dadda.federated.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadFixtures;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessTransportTest {
    @TempDir
    Path tmp;

    @Test
    void uploadsArriveValidatedAndReleasesAreCopiesBothWays() {
        InProcessTransport t = new InProcessTransport();
        RecordingTransport rec = new RecordingTransport(t);
        Path cat = tmp.resolve("widget");
        List<String> goods = UploadFixtures.writeGood(cat, 2, 8);
        ServerUpload a = UploadFixtures.upload("b-node", "widget", cat, goods, 8, List.of("crack"));
        ServerUpload b = UploadFixtures.upload("a-node", "widget", cat, goods, 8, List.of("hole"));
        rec.sendUpload(a);
        rec.sendUpload(b);
        rec.sendUpload(a);
        List<ServerUpload> got = rec.receiveUploads();
        assertEquals(List.of("a-node", "b-node"), got.stream().map(ServerUpload::nodeId).toList(), "one per node, ordered");
        assertEquals(3, rec.sent().size());
        assertEquals(2, rec.received().size());

        Tensor w = Tensor.fromArray(new float[] {1, 2}, 2);
        rec.publish(new ModelRelease("widget", List.of("crack", "hole"), Map.of("k", 1L), Map.of("g_i", Map.of("w", w))));
        w.fillInPlace(9);
        ModelRelease r = rec.fetchRelease("widget").orElseThrow();
        assertArrayEquals(new float[] {1, 2}, r.weights("g_i").get("w").toArray());
        r.weights("g_i").get("w").fillInPlace(7);
        assertArrayEquals(new float[] {1, 2}, t.fetchRelease("widget").orElseThrow().weights("g_i").get("w").toArray());
        assertTrue(rec.fetchRelease("other").isEmpty());
        assertEquals(1, rec.published().size());
    }
}
