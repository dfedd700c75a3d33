package org.dadda.federated.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.dadda.federated.downstream.ClassifierRun;
import org.dadda.federated.privacy.Digests;
import org.dadda.federated.run.BuildVersion;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.models.ResNet;
import org.dadda.nn.models.SegmentationUNet;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.AtomicFiles;
import org.dadda.tensor.util.Json;

/**
 * A trained classifier and detector in one file, with everything needed to score an image: the
 * models' shapes and weights (safetensors), the preprocessing the training used and the
 * image-score threshold the run chose. The file is a zip of {@value #MANIFEST} and the two weights
 * files, each with its SHA-256 in the manifest, so a damaged bundle is named as such instead of
 * loading wrong weights.
 *
 * <p>Compatibility is by {@link #FORMAT}: a bundle of another format is refused with a message
 * naming both formats; the dadda version that wrote it is recorded for the reader's information.
 */
public final class ModelBundle {
    /** The bundle format this dadda writes and reads. */
    public static final String FORMAT = "dadda-model/1";
    /** The manifest entry. */
    public static final String MANIFEST = "manifest.json";
    /** The classifier weights entry. */
    public static final String CLASSIFIER = "classifier.safetensors";
    /** The detector weights entry. */
    public static final String DETECTOR = "detector.safetensors";

    /**
     * Where the models came from.
     *
     * @param run the run folder
     * @param node the node that trained them
     * @param variant the training set ({@code real}, {@code dam}, {@code dadda}, {@code dadda+dam})
     * @param variantChosenBy why this variant
     */
    public record Source(String run, String node, String variant, String variantChosenBy) {
    }

    /**
     * The image-level decision: an image is defective when its score (the anomaly map's maximum)
     * is at least {@code value}.
     *
     * @param value the threshold
     * @param chosenBy how it was chosen, e.g. F1-max on the run's test split
     */
    public record Threshold(double value, String chosenBy) {
    }

    private final String category;
    private final String writtenBy;
    private final Source source;
    private final Preprocessing preprocessing;
    private final ClassifierRun.Spec classifier;
    private final List<String> classes;
    private final int detectorBase;
    private final Threshold threshold;
    private final Map<String, Tensor> classifierWeights;
    private final Map<String, Tensor> detectorWeights;

    /**
     * A bundle from its parts; the weights must fit the shapes (checked when models are built).
     *
     * @param classes the classifier's class names by label (the defect types)
     * @param detectorBase the detector U-Net's base width (its levels follow from the resolution)
     */
    public ModelBundle(String category, Source source, Preprocessing preprocessing, ClassifierRun.Spec classifier, List<String> classes,
                       int detectorBase, Threshold threshold, Map<String, Tensor> classifierWeights, Map<String, Tensor> detectorWeights) {
        this(category, BuildVersion.get(), source, preprocessing, classifier, classes, detectorBase, threshold, classifierWeights,
                detectorWeights);
    }

    private ModelBundle(String category, String writtenBy, Source source, Preprocessing preprocessing, ClassifierRun.Spec classifier,
                        List<String> classes, int detectorBase, Threshold threshold, Map<String, Tensor> classifierWeights,
                        Map<String, Tensor> detectorWeights) {
        if (classes.size() != classifier.classes()) {
            throw new IllegalArgumentException(classes.size() + " class names for a classifier of " + classifier.classes() + " classes");
        }
        this.category = category;
        this.writtenBy = writtenBy;
        this.source = source;
        this.preprocessing = preprocessing;
        this.classifier = classifier;
        this.classes = List.copyOf(classes);
        this.detectorBase = detectorBase;
        this.threshold = threshold;
        this.classifierWeights = classifierWeights;
        this.detectorWeights = detectorWeights;
    }

    /** The category the models inspect. */
    public String category() {
        return category;
    }

    /** The dadda version that wrote the bundle. */
    public String writtenBy() {
        return writtenBy;
    }

    /** Where the models came from. */
    public Source source() {
        return source;
    }

    /** How an image becomes the models' input. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The defect types, by classifier label. */
    public List<String> classes() {
        return classes;
    }

    /** The image-score threshold. */
    public Threshold threshold() {
        return threshold;
    }

    /**
     * A classifier with the bundle's weights, in evaluation mode.
     *
     * @throws IllegalArgumentException when the weights do not fit the recorded shape
     */
    public ResNet classifier() {
        ResNet m = classifier.build(0);
        m.loadStateDict(classifierWeights, true);
        m.eval();
        return m;
    }

    /**
     * A detector with the bundle's weights, in evaluation mode.
     *
     * @throws IllegalArgumentException when the weights do not fit the recorded shape
     */
    public SegmentationUNet detector() {
        SegmentationUNet m = org.dadda.federated.downstream.Detector.build(detectorBase, preprocessing.resolution(), 0);
        m.loadStateDict(detectorWeights, true);
        m.eval();
        return m;
    }

    /** Writes the bundle to {@code file} atomically (a temporary file, then a rename). */
    public void write(Path file) {
        byte[] cls = SafeBytes.of(classifierWeights, Map.of("model", "resnet" + classifier.depth()));
        byte[] det = SafeBytes.of(detectorWeights, Map.of("model", "segmentation-unet"));
        byte[] manifest = Json.writePretty(manifest(Digests.hex(cls), Digests.hex(det)))
                .getBytes(StandardCharsets.UTF_8);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            AtomicFiles.writeStream(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                stored(zip, MANIFEST, manifest);
                stored(zip, CLASSIFIER, cls);
                stored(zip, DETECTOR, det);
                zip.finish();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model bundle " + file + ": " + e.getMessage(), e);
        }
    }

    /** Weights are stored, not deflated: they barely compress, and a stored entry reads without inflating. */
    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    private Map<String, Object> manifest(String clsSha, String detSha) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("dadda_version", writtenBy);
        m.put("written", Instant.now().toString());
        m.put("category", category);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("run", source.run());
        src.put("node", source.node());
        src.put("variant", source.variant());
        src.put("variant_chosen_by", source.variantChosenBy());
        m.put("source", src);
        m.put("preprocessing", preprocessing.toJson());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architecture", "resnet");
        c.put("depth", classifier.depth());
        c.put("width", classifier.width());
        c.put("stem", classifier.imagenetStem() ? "imagenet" : "small");
        c.put("classes", classes);
        c.put("file", CLASSIFIER);
        c.put("sha256", clsSha);
        m.put("classifier", c);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("architecture", "segmentation-unet");
        d.put("base", detectorBase);
        d.put("file", DETECTOR);
        d.put("sha256", detSha);
        m.put("detector", d);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("image_score", threshold.value());
        t.put("chosen_by", threshold.chosenBy());
        m.put("threshold", t);
        return m;
    }

    /**
     * Reads a bundle {@link #write} wrote.
     *
     * @throws IllegalArgumentException naming the file and what is wrong when it is missing, not a
     *     bundle, of another format, or damaged (an entry missing or its digest differing)
     */
    public static ModelBundle read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model bundle " + file + " does not exist");
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + file.toAbsolutePath().toUri()), Map.of())) {
            return read(file, zip);
        } catch (ZipException e) {
            throw new IllegalArgumentException("model bundle " + file + " is damaged or not a bundle (not a readable zip: "
                    + e.getMessage() + ")", e);
        } catch (java.nio.file.ProviderNotFoundException e) {
            throw new IllegalArgumentException("model bundle " + file + " is not a zip archive", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model bundle " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().contains(file.toString()) ? e
                    : new IllegalArgumentException("model bundle " + file + ": " + e.getMessage(), e);
        }
    }

    private static ModelBundle read(Path file, FileSystem zip) throws IOException {
        {
            Map<String, Object> m = Json.object(Json.parse(new String(entry(zip, file, MANIFEST), StandardCharsets.UTF_8),
                    file + "!" + MANIFEST), MANIFEST);
            String format = Json.string(m.get("format"), MANIFEST + " format");
            String writtenBy = m.get("dadda_version") == null ? "an unknown version" : String.valueOf(m.get("dadda_version"));
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("model bundle " + file + " has format " + format + " (written by dadda " + writtenBy
                        + "); this dadda " + BuildVersion.get() + " reads " + FORMAT + ": export the model again with this version");
            }
            String what = file + "!" + MANIFEST;
            Map<String, Object> c = Json.object(m.get("classifier"), what + " classifier");
            Map<String, Object> d = Json.object(m.get("detector"), what + " detector");
            Map<String, Object> src = Json.object(m.get("source"), what + " source");
            Map<String, Object> t = Json.object(m.get("threshold"), what + " threshold");
            List<String> classes = new ArrayList<>();
            for (Object o : Json.array(c.get("classes"), what + " classifier.classes")) {
                classes.add(Json.string(o, what + " classifier.classes[]"));
            }
            String stem = Json.string(c.get("stem"), what + " classifier.stem");
            if (!stem.equals("imagenet") && !stem.equals("small")) {
                throw new IllegalArgumentException(what + ": classifier.stem must be imagenet or small, got " + stem);
            }
            ClassifierRun.Spec spec = new ClassifierRun.Spec(Json.number(c.get("depth"), what + " classifier.depth").intValue(),
                    Json.number(c.get("width"), what + " classifier.width").intValue(), stem.equals("imagenet"), classes.size());
            Map<String, Tensor> cw = weights(zip, file, CLASSIFIER, Json.string(c.get("sha256"), what + " classifier.sha256"));
            Map<String, Tensor> dw = weights(zip, file, DETECTOR, Json.string(d.get("sha256"), what + " detector.sha256"));
            return new ModelBundle(Json.string(m.get("category"), what + " category"), writtenBy,
                    new Source(String.valueOf(src.get("run")), String.valueOf(src.get("node")), String.valueOf(src.get("variant")),
                            String.valueOf(src.get("variant_chosen_by"))),
                    Preprocessing.fromJson(Json.object(m.get("preprocessing"), what + " preprocessing"), what),
                    spec, classes, Json.number(d.get("base"), what + " detector.base").intValue(),
                    new Threshold(Json.number(t.get("image_score"), what + " threshold.image_score").doubleValue(),
                            Json.string(t.get("chosen_by"), what + " threshold.chosen_by")), cw, dw);
        }
    }

    private static byte[] entry(FileSystem zip, Path file, String name) throws IOException {
        try {
            return Files.readAllBytes(zip.getPath(name));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model bundle " + file + " is damaged or not a bundle: it has no " + name, e);
        }
    }

    private static Map<String, Tensor> weights(FileSystem zip, Path file, String name, String sha) throws IOException {
        byte[] bytes = entry(zip, file, name);
        String actual = Digests.hex(bytes);
        // Bundles written before dadda 0.1.0's fix of 2026-12-02 carry the SHA-256 of the SHA-256: still theirs.
        boolean legacy = Digests.hex(Digests.sha256().digest(bytes)).equalsIgnoreCase(sha);
        if (!actual.equalsIgnoreCase(sha) && !legacy) {
            throw new IllegalArgumentException("model bundle " + file + " is damaged: " + name + " has SHA-256 " + actual
                    + ", the manifest says " + sha);
        }
        return SafeBytes.read(bytes, file + "!" + name);
    }

    /** Safetensors in memory, through a temporary file (the reader and writer work on files). */
    private static final class SafeBytes {
        private SafeBytes() {
        }

        static byte[] of(Map<String, Tensor> state, Map<String, String> metadata) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile("dadda-bundle", ".safetensors");
                WeightsIo.save(tmp, state, metadata);
                return Files.readAllBytes(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise weights: " + e.getMessage(), e);
            } finally {
                deleteQuietly(tmp);
            }
        }

        static Map<String, Tensor> read(byte[] bytes, String name) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile("dadda-bundle", ".safetensors");
                Files.write(tmp, bytes);
                return WeightsIo.load(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read weights " + name + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model bundle entry " + name + " is not valid safetensors: " + e.getMessage(), e);
            } finally {
                deleteQuietly(tmp);
            }
        }

        private static void deleteQuietly(Path p) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }
}
