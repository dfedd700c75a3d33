package org.dadda.federated.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.pipeline.Evaluation;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.Files2;
import org.dadda.nn.metrics.AnomalyMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference API against the run that trained its models: a bundle scores the run's test
 * images as the run's evaluation did, chooses the F1-max threshold of that evaluation, survives a
 * write and read, refuses damaged or foreign bundles by name, and gives the same answers to
 * concurrent callers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectorTest {
    @TempDir
    static Path tmp;
    private RunFolder run;
    private Path data;
    private List<Path> testFiles;
    private Map<?, ?> metrics;

    @BeforeAll
    void trainTinyRun() {
        data = TinyDataset.write(tmp.resolve("data"), "widget", 32, 6, 3, 6, 3);
        run = RunFolder.create(tmp.resolve("run"), new RunConfig(TestProfiles.tiny(), 7, tmp.resolve("data")));
        Pipeline p = new Pipeline(run, line -> { }, false);
        p.augment("widget", "node1", null);
        List<Variant> vs = List.of(Variant.REAL, Variant.DAM);
        p.trainClassifiers("widget", "node1", null, vs);
        p.trainDetectors("widget", "node1", vs);
        metrics = (Map<?, ?>) Files2.readJson(p.evaluate("widget", "node1", vs));
        DatasetSplit split = DatasetSplit.read(run.stage1Dir("node1", "widget").resolve(DatasetSplit.FILE_NAME));
        testFiles = new ArrayList<>();
        for (String f : split.testGood()) {
            testFiles.add(data.resolve(f));
        }
        for (String t : split.defectTypes()) {
            for (String f : split.testDefective(t)) {
                testFiles.add(data.resolve(f));
            }
        }
    }

    private double[] evaluatedScores(String variant) {
        List<?> s = (List<?>) ((Map<?, ?>) ((Map<?, ?>) metrics.get("detectors")).get(variant)).get("scores");
        return s.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    private static double[] scores(List<Inspection> r) {
        return r.stream().mapToDouble(Inspection::score).toArray();
    }

    private List<Image> testImages() {
        return testFiles.stream().map(ImageFiles::read).toList();
    }

    @Test
    void aBundleScoresTheTestSplitAsTheRunsEvaluationDid() {
        ModelBundle b = RunExport.bundle(run.root(), null, null, Variant.DAM, null);
        Path file = tmp.resolve("out/model.dadda");
        b.write(file);
        // The manifest's digests are the files' SHA-256 as sha256sum prints them.
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            Map<?, ?> manifest = (Map<?, ?>) org.dadda.tensor.util.Json.parse(
                    new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            for (String part : List.of("classifier", "detector")) {
                Map<?, ?> m = (Map<?, ?>) manifest.get(part);
                byte[] bytes = zip.getInputStream(zip.getEntry(String.valueOf(m.get("file")))).readAllBytes();
                assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)),
                        m.get("sha256"), part);
            }
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        Inspector inspector = Inspector.load(file);
        assertEquals("widget", inspector.bundle().category());
        assertEquals(TinyDataset.TYPES, inspector.bundle().classes());
        List<Inspection> r = inspector.inspectAll(testImages());
        double[] expected = evaluatedScores("dam");
        assertEquals(expected.length, r.size());
        assertArrayEquals(expected, scores(r), 1e-5, "scores of the bundle's detector on the test files");

        // The threshold is the F1-max threshold of those scores, and the verdicts follow it.
        int good = (int) ((Number) ((Map<?, ?>) metrics.get("test")).get("good")).longValue();
        int[] labels = new int[expected.length];
        float[] fs = new float[expected.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < good ? 0 : 1;
            fs[i] = (float) expected[i];
        }
        double t = AnomalyMetrics.imageLevel(fs, labels).f1Max().threshold();
        assertEquals(t, inspector.bundle().threshold().value(), 1e-9);
        assertTrue(inspector.bundle().threshold().chosenBy().contains("F1-max"));
        for (Inspection x : r) {
            assertEquals(x.score() >= t, x.defective());
            assertEquals(1.0, x.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-4);
            assertEquals(x.mapSize() * x.mapSize(), x.map().length);
        }
    }

    @Test
    void aRunFolderLoadsDirectlyAndPicksTheBestDetector() {
        Inspector fromRun = Inspector.load(run.root());
        Map<?, ?> det = (Map<?, ?>) metrics.get("detectors");
        double real = ((Number) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) det.get("real")).get("mean")).get("detection")).get("auroc")).doubleValue();
        double dam = ((Number) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) det.get("dam")).get("mean")).get("detection")).get("auroc")).doubleValue();
        String best = dam > real ? "dam" : "real";
        assertEquals(best, fromRun.bundle().source().variant());
        assertArrayEquals(evaluatedScores(best), scores(fromRun.inspectAll(testImages())), 1e-5);
    }

    @Test
    void oneImageAnyChannelsAndSizeGivesAnOverlayOfItsSize() {
        Inspector inspector = Inspector.of(RunExport.bundle(run.root(), "widget", "node1", Variant.REAL, 0.5));
        Image big = ImageFiles.read(testFiles.get(testFiles.size() - 1));
        Image gray = org.dadda.augment.image.Resize.image(big, 45, 37).toGray();
        Inspection r = inspector.inspect(gray);
        assertEquals(45, r.width());
        assertEquals(37, r.height());
        assertEquals(0.5, r.threshold());
        Image o = r.overlay(gray);
        assertEquals(3, o.channels());
        assertEquals(45, o.width());
        assertEquals(37, o.height());
        assertEquals(45 * 37, r.mapAtImageSize().length);
        assertThrows(IllegalArgumentException.class, () -> r.overlay(big));
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOne() throws Exception {
        Inspector inspector = Inspector.load(run.root());
        List<Image> images = testImages();
        double[] alone = scores(inspector.inspectAll(images));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                fs.add(pool.submit(() -> {
                    double[] out = new double[images.size()];
                    for (int i = 0; i < images.size(); i++) {
                        out[i] = inspector.inspect(images.get(i)).score();
                    }
                    return out;
                }));
            }
            for (Future<double[]> f : fs) {
                assertArrayEquals(alone, f.get(), 1e-6);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void damagedOrForeignBundlesAreRefusedByName() throws IOException {
        Path good = tmp.resolve("b/good.dadda");
        RunExport.bundle(run.root(), null, null, Variant.REAL, null).write(good);

        Path notZip = tmp.resolve("b/text.dadda");
        Files.writeString(notZip, "not a bundle");
        assertMessage(notZip, "text.dadda");

        byte[] bytes = Files.readAllBytes(good);
        Path truncated = tmp.resolve("b/truncated.dadda");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertMessage(truncated, "truncated.dadda");

        // Flip a byte inside the detector weights: the digest check names the entry.
        Path flipped = tmp.resolve("b/flipped.dadda");
        byte[] f = bytes.clone();
        byte[] name = ModelBundle.DETECTOR.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(f, name, 0);
        while (at > 0 && f[at - 1] == '"') {
            at = indexOf(f, name, at + 1); // the manifest's mention, not the entry's local header
        }
        f[at + name.length + 4000] ^= 0x55;
        Files.write(flipped, f);
        String m = assertMessage(flipped, "flipped.dadda");
        assertTrue(m.contains("damaged"), m);

        Path foreign = tmp.resolve("b/foreign.dadda");
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace(ModelBundle.FORMAT, "dadda-model/9");
        Files.write(foreign, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        m = assertMessage(foreign, "foreign.dadda");
        assertTrue(m.contains("dadda-model/9") && m.contains(ModelBundle.FORMAT), m);

        assertMessage(tmp.resolve("b/none.dadda"), "none.dadda");
        assertThrows(IllegalArgumentException.class, () -> Inspector.load(tmp.resolve("b")), "a folder that is not a run");
    }

    @Test
    void exportAndInspectCommands() {
        Path bundle = tmp.resolve("cli/model.dadda");
        Result e = cli("export", "--run", run.root().toString(), "--out", bundle.toString(), "--variant", "real");
        assertEquals(0, e.code(), e.err());
        assertTrue(Files.isRegularFile(bundle));
        Path maps = tmp.resolve("cli/maps");
        Result r = cli("inspect", "--model", bundle.toString(), "--json", "--maps", maps.toString(), data.resolve("test").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= testFiles.size(), "one line per image under test/: " + lines.size());
        for (String line : lines) {
            Map<?, ?> m = (Map<?, ?>) org.dadda.tensor.util.Json.parse(line);
            assertTrue(m.get("score") instanceof Number && m.get("verdict") instanceof String, line);
            assertTrue(Files.isRegularFile(Path.of((String) m.get("overlay"))), line);
        }
        Result text = cli("inspect", "--model", run.root().toString(), testFiles.get(0).toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith(testFiles.get(0).toString() + "\t"), text.out());
        Result missing = cli("inspect", "--model", bundle.toString(), tmp.resolve("nowhere.png").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nowhere.png"), missing.err());
        Result version = cli("inspect", "-V");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("dadda ") && !version.out().contains("${"), version.out());
    }

    /**
     * {@code examples/inspect-service} compiles against the built classes alone and scores a
     * folder with a bundle, so the documented way of embedding dadda cannot drift from the API.
     */
    @Test
    void theEmbeddingExampleCompilesAndRuns() throws Exception {
        Path source = Path.of("..", "examples", "inspect-service", "src", "main", "java", "example", "InspectService.java");
        assertTrue(Files.isRegularFile(source), "example source at " + source.toAbsolutePath());
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        Path classes = tmp.resolve("example-classes");
        Files.createDirectories(classes);
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("--release", "17", "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString()), null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
        assertTrue(ok, diagnostics.toString());
        Path bundle = tmp.resolve("example/model.dadda");
        RunExport.bundle(run.root(), null, null, null, null).write(bundle);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Object defective = loader.loadClass("example.InspectService").getMethod("run", Path.class, Path.class, java.io.PrintStream.class)
                    .invoke(null, bundle, data.resolve("test"), new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            assertTrue((Integer) defective >= 0);
        }
        List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("model: widget"), lines.get(0));
        assertTrue(lines.size() > testFiles.size(), "a line per image: " + lines);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = org.dadda.federated.cli.DaddaCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String assertMessage(Path file, String names) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(file));
        assertTrue(e.getMessage().contains(names), e.getMessage());
        return e.getMessage();
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
