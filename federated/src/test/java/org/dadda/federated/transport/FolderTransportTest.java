package org.dadda.federated.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.privacy.PrivacyViolationException;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadFixtures;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderTransportTest {
    @TempDir
    Path tmp;

    private FolderTransport transport;
    private ServerUpload upload;
    private Path uploadDir;

    @BeforeEach
    void send() {
        Path cat = tmp.resolve("data/widget");
        List<String> goods = UploadFixtures.writeGood(cat, 3, 8);
        upload = UploadFixtures.upload("n0", "widget", cat, goods, 8, List.of("crack", "hole"));
        transport = new FolderTransport(tmp.resolve("exchange"));
        transport.sendUpload(upload);
        uploadDir = transport.uploadDir("n0", "widget");
    }

    @Test
    void uploadRoundTripsThroughFiles() {
        List<ServerUpload> got = transport.receiveUploads();
        assertEquals(1, got.size());
        assertEquals(upload.manifest(), got.get(0).manifest());
        assertArrayEquals(upload.normals().get(1).image().data(), got.get(0).normals().get(1).image().data(), 0.5f / 255);
        assertEquals(upload.masks().get(2).mask(), got.get(0).masks().get(2).mask());
        // Re-sending replaces the upload in one step, leaving no temporary folder behind.
        transport.sendUpload(upload);
        assertEquals(List.of("widget"), List.of(uploadDir.getParent().toFile().list()));
    }

    @Test
    void serverRefusesAnUndeclaredDefectiveImage() {
        ImageFiles.writePng(UploadFixtures.image(8, 50), uploadDir.resolve("test/crack/000.png"));
        var e = assertThrows(PrivacyViolationException.class, transport::receiveUploads);
        assertTrue(e.getMessage().contains("test/crack/000.png"), e.getMessage());
    }

    @Test
    void serverRefusesADefectiveImageDisguisedAsAMask() {
        Path mask = uploadDir.resolve("ground_truth/crack/000_mask.png");
        ImageFiles.writePng(UploadFixtures.image(8, 50), mask);
        var e = assertThrows(PrivacyViolationException.class, transport::receiveUploads);
        assertTrue(e.getMessage().contains("000_mask.png"), e.getMessage());
        Image gray = UploadFixtures.image(8, 50).toGray();
        ImageFiles.writePng(gray, mask);
        e = assertThrows(PrivacyViolationException.class, transport::receiveUploads);
        assertTrue(e.getMessage().contains("binary"), e.getMessage());
    }

    @Test
    void serverRefusesANormalImageSwappedAfterTheManifest() {
        ImageFiles.writePng(UploadFixtures.image(8, 77), uploadDir.resolve("train/good/001.png"));
        var e = assertThrows(PrivacyViolationException.class, transport::receiveUploads);
        assertTrue(e.getMessage().contains("train/good/001.png"), e.getMessage());
    }

    @Test
    void uploadWithoutManifestIsIncomplete() throws Exception {
        Files.delete(uploadDir.resolve("manifest.json"));
        var e = assertThrows(IllegalArgumentException.class, transport::receiveUploads);
        assertTrue(e.getMessage().contains("manifest"), e.getMessage());
    }

    @Test
    void releaseRoundTripsAndDetectsDamagedWeights() throws Exception {
        Map<String, Tensor> gi = new LinkedHashMap<>();
        gi.put("conv.weight", Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2));
        Map<String, Tensor> gm = Map.of("fc.bias", Tensor.fromArray(new float[] {5}, 1));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("profile", "quick");
        cfg.put("resolution", 32L);
        transport.publish(new ModelRelease("widget", List.of("crack", "hole"), cfg, Map.of("g_i", gi, "g_m", gm)));
        ModelRelease r = transport.fetchRelease("widget").orElseThrow();
        assertEquals(List.of("crack", "hole"), r.defectTypes());
        assertEquals(cfg, r.config());
        assertArrayEquals(new float[] {1, 2, 3, 4}, r.weights("g_i").get("conv.weight").toArray());
        assertTrue(transport.fetchRelease("other").isEmpty());
        Files.write(transport.releaseDir("widget").resolve("g_m.safetensors"), new byte[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> transport.fetchRelease("widget"));
    }
}
