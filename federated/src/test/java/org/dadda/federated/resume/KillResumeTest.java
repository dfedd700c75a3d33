package org.dadda.federated.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.Profile;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.report.RunReport;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.Rng;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and resume: the whole system at tiny scale runs in a child JVM that is killed with
 * SIGKILL at random moments (anywhere: mid-training, mid-checkpoint, mid-sample, mid-report),
 * then run again on the same folder to the end. Every weights file, synthesized pair and metric
 * must equal, bit for bit, those of an uninterrupted run of the same seed; measured times (DAM
 * timings, inference cost, FedAvg round times, the two-sample test's seconds) and the paths of
 * the loss logs, which name the run folder, are left out of the comparison.
 *
 * <p>CI kills at {@value #CI_POINTS} points; {@code -Ddadda.killPoints=30} runs the full set.
 */
class KillResumeTest {
    static final int CI_POINTS = 3;
    private static final String CAT = "widget";
    /** JSON fields that hold measured times (or the run folder's own path), not results. */
    private static final Set<String> MEASURED = Set.of("inference", "seconds", "mean_round_ms", "aggregation_share", "loss_logs");

    @TempDir
    Path tmp;

    /** Child JVM: the whole pipeline on {@code args[0]} (data) into {@code args[1]} (run folder). */
    public static void main(String[] args) {
        RunFolder run = RunFolder.create(Path.of(args[1]), new RunConfig(profile(), 5, Path.of(args[0])));
        Pipeline p = new Pipeline(run, line -> { }, false);
        p.augment(CAT, "node1", null);
        p.serverTrain(null);
        p.synthesize(CAT, "node1");
        List<Variant> all = List.of(Variant.values());
        p.trainClassifiers(CAT, "node1", null, all);
        p.trainDetectors(CAT, "node1", all);
        p.quality(CAT, "node1");
        p.evaluate(CAT, "node1", all);
        p.fedavg(CAT, "node1", GridSpec.parse("clients=nd;b=8;e=1"), null, Variant.DADDA);
        RunReport.write(p);
        System.exit(0);
    }

    /** 16x16, 120 diffusion steps (checkpoints every few steps), two repeats: seconds per run. */
    static Profile profile() {
        return new Profile("quick", 16, 3, 2, 4, 3, 18, 3, 8, 1e-3, 8, 3, 8, 3e-3, 2, "tiny:120", 2, "both", "both");
    }

    private Process start(Path data, Path run) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Ddadda.threads=2", "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), KillResumeTest.class.getName(), data.toString(), run.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private long runToEnd(Path data, Path run) throws Exception {
        long t0 = System.nanoTime();
        Process p = start(data, run);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the run finished");
        assertEquals(0, p.exitValue(), "the run succeeded");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void killedAnywhereAndResumedGivesTheSameResults() throws Exception {
        Path data = tmp.resolve("data");
        TinyDataset.write(data, CAT, 32, 8, 4, 6, 13);
        Path reference = tmp.resolve("reference");
        long millis = runToEnd(data, reference);
        Map<String, String> expected = digests(reference);
        assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith("g_i.safetensors")), "the reference trained G_I");

        int points = Integer.getInteger("dadda.killPoints", CI_POINTS);
        Rng rng = new Rng(Long.getLong("dadda.killSeed", 1));
        List<String> differences = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            Path run = tmp.resolve("killed-" + k);
            // Anywhere from JVM start to the end of a full run; a point past the end kills nothing.
            long at = (long) (rng.nextDouble() * millis);
            Process p = start(data, run);
            if (!p.waitFor(at, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();  // SIGKILL on Linux: no shutdown hook, no finally block runs
                p.waitFor();
            }
            runToEnd(data, run);
            Map<String, String> got = digests(run);
            if (!got.equals(expected)) {
                differences.add("killed at " + at + " ms of " + millis + ": " + diff(expected, got));
            }
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    private static String diff(Map<String, String> a, Map<String, String> b) {
        List<String> out = new ArrayList<>();
        for (String k : a.keySet()) {
            if (!b.containsKey(k)) {
                out.add("missing " + k);
            } else if (!a.get(k).equals(b.get(k))) {
                out.add("differs " + k);
            }
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                out.add("extra " + k);
            }
        }
        return out.size() > 12 ? out.subList(0, 12) + " and " + (out.size() - 12) + " more" : out.toString();
    }

    /** SHA-256 of every result of a run folder: weights, pairs and masks, metrics with measured times left out. */
    static Map<String, String> digests(Path run) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = run.relativize(f).toString().replace('\\', '/');
                String name = f.getFileName().toString();
                if (rel.contains("-work/") || rel.startsWith("figures/") || name.startsWith(".") || name.startsWith("report.")
                        || name.equals("dam_timings.json")) {
                    continue;  // checkpoints, scratch, pictures of the results, markers, the report's date, timings
                }
                byte[] bytes;
                if (name.endsWith(".json")) {
                    bytes = Json.write(strip(Files2.readJson(f))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                } else if (name.endsWith(".safetensors") || name.endsWith(".png") || name.endsWith(".csv")) {
                    bytes = Files.readAllBytes(f);
                } else {
                    continue;
                }
                out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        }
        return out;
    }

    private static Object strip(Object json) {
        if (json instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!MEASURED.contains(k) && !k.endsWith("_ms") && !k.endsWith("_seconds")) {
                    out.put(k, strip(e.getValue()));
                }
            }
            return out;
        }
        if (json instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(strip(o));
            }
            return out;
        }
        return json;
    }
}
