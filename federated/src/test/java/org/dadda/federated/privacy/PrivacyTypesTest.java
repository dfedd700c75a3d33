package org.dadda.federated.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyTypesTest {
    @TempDir
    Path tmp;

    @Test
    void normalImagesCanOnlyBeReadFromTrainGood() {
        Path cat = tmp.resolve("widget");
        UploadFixtures.writeGood(cat, 1, 8);
        ImageFiles.writePng(UploadFixtures.image(8, 9), cat.resolve("test/crack/000.png"));
        NormalImage n = NormalImage.read(cat, "000.png", 0);
        assertEquals("train/good/000.png", n.source());
        assertThrows(IllegalArgumentException.class, () -> NormalImage.read(cat, "../../test/crack/000.png", 0));
        assertThrows(IllegalArgumentException.class, () -> NormalImage.read(cat, "001.png", 0));
        // No public constructor, and no public factory that takes pixels.
        for (Constructor<?> c : NormalImage.class.getDeclaredConstructors()) {
            assertTrue(Modifier.isPrivate(c.getModifiers()), c.toString());
        }
        for (Method m : NormalImage.class.getMethods()) {
            for (Class<?> p : m.getParameterTypes()) {
                assertTrue(p != Image.class && p != float[].class, "public method takes pixels: " + m);
            }
        }
    }

    @Test
    void uploadHoldsOnlyNormalImagesAndMasks() {
        // Every constructor of the upload takes lists of the two boundary types and ids, nothing else.
        for (Constructor<?> c : ServerUpload.class.getConstructors()) {
            for (Class<?> p : c.getParameterTypes()) {
                assertTrue(p == String.class || p == List.class, c.toString());
            }
        }
        Path cat = tmp.resolve("widget");
        List<String> goods = UploadFixtures.writeGood(cat, 3, 8);
        ServerUpload u = UploadFixtures.upload("n0", "widget", cat, goods, 8, List.of("crack", "hole"));
        assertEquals(List.of("crack", "hole"), u.defectTypes());
        UploadManifest m = u.manifest();
        assertEquals(7, m.entries().size());
        UploadValidator.validate(m, u);
        UploadManifest back = UploadManifest.fromJson(m.toJson(), "test");
        assertEquals(m, back);
    }

    @Test
    void validatorRefusesContentThatDiffersFromTheManifest() {
        Path cat = tmp.resolve("widget");
        List<String> goods = UploadFixtures.writeGood(cat, 3, 8);
        ServerUpload u = UploadFixtures.upload("n0", "widget", cat, goods, 8, List.of("crack"));
        UploadManifest m = u.manifest();
        // An entry the manifest does not declare.
        UploadManifest fewer = new UploadManifest("n0", "widget", 8, 8, m.entries().subList(1, m.entries().size()));
        assertThrows(PrivacyViolationException.class, () -> UploadValidator.validate(fewer, u));
        // Pixels that are not the declared ones.
        List<UploadManifest.Entry> e = new ArrayList<>(m.entries());
        UploadManifest.Entry first = e.get(0);
        e.set(0, new UploadManifest.Entry(first.kind(), first.path(), null, "00" + first.sha256().substring(2)));
        var ex = assertThrows(PrivacyViolationException.class,
                () -> UploadValidator.validate(new UploadManifest("n0", "widget", 8, 8, e), u));
        assertTrue(ex.getMessage().contains("train/good/000.png"), ex.getMessage());
    }

    @Test
    void manifestRefusesDefectiveKindsAndPaths() {
        Map<String, Object> bad = Map.of("format", UploadManifest.FORMAT, "node", "n", "category", "c", "height", 8L, "width", 8L,
                "entries", List.of(Map.of("kind", "defective", "path", "test/crack/000.png", "sha256", "ab")));
        var e = assertThrows(PrivacyViolationException.class, () -> UploadManifest.fromJson(bad, "manifest.json"));
        assertTrue(e.getMessage().contains("defective"), e.getMessage());
        assertThrows(PrivacyViolationException.class,
                () -> new UploadManifest.Entry(UploadManifest.Kind.NORMAL, "test/crack/000.png", null, "ab"));
        assertThrows(PrivacyViolationException.class,
                () -> new UploadManifest.Entry(UploadManifest.Kind.NORMAL, "train/good/000.png", "crack", "ab"));
        assertThrows(PrivacyViolationException.class,
                () -> new UploadManifest.Entry(UploadManifest.Kind.MASK, "test/crack/000.png", "crack", "ab"));
        assertThrows(PrivacyViolationException.class,
                () -> new UploadManifest.Entry(UploadManifest.Kind.MASK, "ground_truth/crack/a/000_mask.png", "crack", "ab"));
        assertThrows(IllegalArgumentException.class, () -> new LabelledMask("a", "good", UploadFixtures.mask(8, 0, 0)));
    }
}
