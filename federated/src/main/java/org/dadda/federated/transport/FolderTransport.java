package org.dadda.federated.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.federated.privacy.LabelledMask;
import org.dadda.federated.privacy.NormalImage;
import org.dadda.federated.privacy.PrivacyViolationException;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadManifest;
import org.dadda.federated.privacy.UploadValidator;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.Tensor;

/**
 * Nodes and server exchanging folders, so that they can run on different machines: copy the
 * exchange folder (or its {@code uploads/} and {@code releases/} parts) between them.
 *
 * <pre>
 * EXCHANGE/uploads/NODE/CATEGORY/manifest.json
 *                               /train/good/NAME.png                  normal images
 *                               /ground_truth/TYPE/NAME_mask.png      binary masks
 * EXCHANGE/releases/CATEGORY/release.json
 *                           /MODEL.safetensors
 * </pre>
 *
 * An upload is written into a hidden temporary folder, its manifest last, and renamed into place
 * in one step; a release's files are written atomically with {@code release.json} (holding their
 * digests) last. On the server side every upload folder is checked file by file: a file its
 * manifest does not declare, a mask that is not purely black and white, or pixels that differ
 * from the declared digest is refused with a {@link PrivacyViolationException}.
 */
public final class FolderTransport implements Transport {
    private static final String MANIFEST = "manifest.json";
    private static final String RELEASE = "release.json";
    private static final String RELEASE_FORMAT = "dadda-release/1";

    private final Path root;

    /** A transport over the exchange folder {@code root} (created on first write). */
    public FolderTransport(Path root) {
        this.root = root;
    }

    /** The exchange folder. */
    public Path root() {
        return root;
    }

    /** Where the upload of {@code node} for {@code category} lives. */
    public Path uploadDir(String node, String category) {
        return root.resolve("uploads").resolve(node).resolve(category);
    }

    /** Where the release for {@code category} lives. */
    public Path releaseDir(String category) {
        return root.resolve("releases").resolve(category);
    }

    @Override
    public void sendUpload(ServerUpload upload) {
        Path target = uploadDir(upload.nodeId(), upload.category());
        Path parent = Files2.createDirectories(target.getParent());
        Path temp = parent.resolve("." + upload.category() + ".partial-" + System.nanoTime());
        for (NormalImage n : upload.normals()) {
            ImageFiles.writePng(n.image(), temp.resolve(n.source()));
        }
        for (LabelledMask m : upload.masks()) {
            ImageFiles.writePng(m.mask(), temp.resolve(ServerUpload.maskPath(m)));
        }
        Files2.writeJson(temp.resolve(MANIFEST), upload.manifest().toJson());
        Files2.deleteRecursively(target);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("cannot rename " + temp + " into place atomically", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move upload into " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts a received upload folder into place for {@code node}, replacing an earlier upload of the
     * same category in one rename. The folder must have passed {@link #readUpload}.
     */
    public void acceptChecked(String node, String category, Path checked) {
        Path target = uploadDir(node, category);
        Files2.createDirectories(target.getParent());
        Files2.deleteRecursively(target);
        try {
            Files.move(checked, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move upload into " + target + ": " + e.getMessage(), e);
        }
    }

    /** The file holding an upload's manifest inside its folder. */
    public static String manifestFile() {
        return MANIFEST;
    }

    /** The file describing a release inside its folder. */
    public static String releaseFile() {
        return RELEASE;
    }

    @Override
    public List<ServerUpload> receiveUploads() {
        List<ServerUpload> out = new ArrayList<>();
        for (Path nodeDir : subfolders(root.resolve("uploads"))) {
            for (Path catDir : subfolders(nodeDir)) {
                out.add(readUpload(nodeDir.getFileName().toString(), catDir));
            }
        }
        return out;
    }

    /**
     * Reads and checks one upload folder.
     *
     * @throws PrivacyViolationException when it holds anything but its declared normal images and masks
     * @throws IllegalArgumentException when it has no manifest (an interrupted copy)
     */
    public static ServerUpload readUpload(String node, Path catDir) {
        Path manifestFile = catDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("upload folder " + catDir + " has no " + MANIFEST + " (incomplete copy?)");
        }
        UploadManifest manifest = UploadManifest.fromJson(Files2.readJson(manifestFile), manifestFile.toString());
        String category = catDir.getFileName().toString();
        if (!manifest.node().equals(node) || !manifest.category().equals(category)) {
            throw new PrivacyViolationException(manifestFile + " belongs to " + manifest.node() + "/" + manifest.category()
                    + ", not to the folder " + node + "/" + category);
        }
        Set<String> declared = new HashSet<>();
        for (UploadManifest.Entry e : manifest.entries()) {
            declared.add(e.path());
        }
        for (String rel : Files2.listFiles(catDir)) {
            if (!rel.equals(MANIFEST) && !declared.contains(rel)) {
                throw new PrivacyViolationException("upload " + catDir + " holds " + rel + ", which its manifest does not declare");
            }
        }
        List<NormalImage> normals = new ArrayList<>();
        List<LabelledMask> masks = new ArrayList<>();
        for (UploadManifest.Entry e : manifest.entries()) {
            if (e.kind() == UploadManifest.Kind.NORMAL) {
                String name = e.path().substring(NormalImage.GOOD_FOLDER.length() + 1);
                normals.add(NormalImage.read(catDir, name, 0));
            } else {
                Path file = catDir.resolve(e.path());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("upload " + catDir + " lacks declared mask " + e.path());
                }
                String prefix = "ground_truth/" + e.defectType() + "/";
                String name = e.path().substring(prefix.length(), e.path().length() - "_mask.png".length());
                masks.add(new LabelledMask(name, e.defectType(), binaryMask(file)));
            }
        }
        ServerUpload upload = new ServerUpload(node, category, normals, masks);
        UploadValidator.validate(manifest, upload);
        return upload;
    }

    /** Reads a mask file that must hold nothing but black and white. */
    private static Mask binaryMask(Path file) {
        Image img = ImageFiles.read(file);
        if (img.channels() != 1) {
            throw new PrivacyViolationException(file + " has " + img.channels() + " channels; a mask has one");
        }
        for (float v : img.data()) {
            if (v != 0f && v != 1f) {
                throw new PrivacyViolationException(file + " is not a binary mask (holds gray value " + Math.round(v * 255) + ")");
            }
        }
        return Mask.threshold(img, 0.5f);
    }

    @Override
    public void publish(ModelRelease release) {
        Path dir = Files2.createDirectories(releaseDir(release.category()));
        Files2.deleteRecursively(dir.resolve(RELEASE));
        Map<String, Object> models = new LinkedHashMap<>();
        for (String name : release.modelNames()) {
            Path file = dir.resolve(name + ".safetensors");
            WeightsIo.save(file, release.weights(name), Map.of("model", name, "category", release.category()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.getFileName().toString());
            m.put("sha256", Files2.sha256(file));
            models.put(name, m);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("format", RELEASE_FORMAT);
        j.put("category", release.category());
        j.put("defect_types", release.defectTypes());
        j.put("config", release.config());
        j.put("models", models);
        Files2.writeJson(dir.resolve(RELEASE), j);
    }

    @Override
    public Optional<ModelRelease> fetchRelease(String category) {
        Path dir = releaseDir(category);
        Path file = dir.resolve(RELEASE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<?, ?> j = (Map<?, ?>) Files2.readJson(file);
        if (!RELEASE_FORMAT.equals(j.get("format")) || !category.equals(j.get("category"))) {
            throw new IllegalArgumentException(file + ": not a " + RELEASE_FORMAT + " release for " + category);
        }
        List<String> types = new ArrayList<>();
        for (Object o : (List<?>) j.get("defect_types")) {
            types.add(String.valueOf(o));
        }
        Map<String, Map<String, Tensor>> models = new LinkedHashMap<>();
        for (var e : ((Map<?, ?>) j.get("models")).entrySet()) {
            Map<?, ?> m = (Map<?, ?>) e.getValue();
            Path w = dir.resolve(String.valueOf(m.get("file")));
            if (!Files.isRegularFile(w) || !Files2.sha256(w).equals(m.get("sha256"))) {
                throw new IllegalArgumentException("release " + dir + ": weights " + w.getFileName()
                        + " are missing or differ from release.json (incomplete copy?)");
            }
            models.put(String.valueOf(e.getKey()), WeightsIo.load(w));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) j.get("config");
        return Optional.of(new ModelRelease(category, types, config, models));
    }

    private static List<Path> subfolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "exchange folder " + root;
    }
}
