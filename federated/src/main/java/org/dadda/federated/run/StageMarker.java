package org.dadda.federated.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The completion record of a stage's output folder: a file {@value #FILE} listing every output
 * file with its size and SHA-256, and a key of the stage's inputs (settings, upstream digests).
 * It is written last and atomically, so a folder without it, or whose files no longer match it,
 * holds partial or damaged output.
 */
public final class StageMarker {
    /** Name of the marker file inside the stage folder. */
    public static final String FILE = ".stage-complete.json";

    private StageMarker() {
    }

    /** Lists every file now under {@code dir} into a new marker for {@code stage} with {@code inputsKey}. */
    public static void write(Path dir, String stage, String inputsKey) {
        Map<String, Object> files = new LinkedHashMap<>();
        for (String rel : Files2.listFiles(dir)) {
            if (rel.equals(FILE) || isTemp(rel)) {
                continue;
            }
            Path p = dir.resolve(rel);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("size", size(p));
            f.put("sha256", Files2.sha256(p));
            files.put(rel, f);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("inputs", inputsKey);
        m.put("files", files);
        Files2.writeJson(dir.resolve(FILE), m);
    }

    /**
     * Whether {@code dir} holds the complete, intact output of {@code stage} made from
     * {@code inputsKey}; when not, {@code why} (if not null) receives the reason.
     */
    public static boolean isComplete(Path dir, String stage, String inputsKey, List<String> why) {
        List<String> reasons = why == null ? new ArrayList<>() : why;
        Path marker = dir.resolve(FILE);
        if (!Files.isRegularFile(marker)) {
            reasons.add(Files.isDirectory(dir) ? "no completion marker (partial output)" : "not run yet");
            return false;
        }
        Map<?, ?> m;
        try {
            m = (Map<?, ?>) Files2.readJson(marker);
        } catch (RuntimeException e) {
            reasons.add("unreadable marker: " + e.getMessage());
            return false;
        }
        if (!stage.equals(m.get("stage"))) {
            reasons.add("marker is for stage " + m.get("stage"));
            return false;
        }
        if (!inputsKey.equals(m.get("inputs"))) {
            reasons.add("inputs changed");
            return false;
        }
        if (!(m.get("files") instanceof Map<?, ?> files)) {
            reasons.add("marker lists no files");
            return false;
        }
        for (var e : files.entrySet()) {
            Path p = dir.resolve(String.valueOf(e.getKey()));
            if (!(e.getValue() instanceof Map<?, ?> f)) {
                reasons.add("marker entry " + e.getKey() + " is malformed");
                return false;
            }
            if (!Files.isRegularFile(p)) {
                reasons.add("missing " + e.getKey());
                return false;
            }
            Object size = f.get("size");
            if (!(size instanceof Number n) || n.longValue() != size(p)) {
                reasons.add("size of " + e.getKey() + " changed");
                return false;
            }
            if (!Files2.sha256(p).equals(f.get("sha256"))) {
                reasons.add("content of " + e.getKey() + " changed");
                return false;
            }
        }
        return true;
    }

    private static boolean isTemp(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot stat " + p, e);
        }
    }
}
