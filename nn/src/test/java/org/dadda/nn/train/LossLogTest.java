package org.dadda.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossLogTest {

    @TempDir
    Path dir;

    private static Map<String, Object> record(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void jsonLinesAppendResumeAndRepairTornLine() throws Exception {
        Path file = dir.resolve("loss.jsonl");
        try (LossLog log = LossLog.jsonLines(file)) {
            log.append(record("step", 1, "loss", 0.5));
            // Each line is in the file as soon as append returns.
            assertEquals("{\"step\":1,\"loss\":0.5}\n", Files.readString(file));
            log.append(record("step", 2, "loss", Double.NaN, "lr", 1e-4f));
        }
        Files.writeString(file, "{\"step\":3,\"lo", StandardOpenOption.APPEND); // a crash mid-line
        try (LossLog log = LossLog.jsonLines(file)) {
            log.append(record("step", 3, "loss", 0.25));
        }
        List<Map<String, Object>> back = LossLog.readJsonLines(file);
        assertEquals(List.of(record("step", 1L, "loss", 0.5), record("step", 2L, "loss", "NaN", "lr", 1.0E-4),
                record("step", 3L, "loss", 0.25)), back);
    }

    @Test
    void csvWritesHeaderOnceAndQuotes() throws Exception {
        Path file = dir.resolve("loss.csv");
        List<String> columns = List.of("epoch", "loss", "note");
        try (LossLog log = LossLog.csv(file, columns)) {
            log.append(record("epoch", 0, "loss", 1.5, "note", "warm, \"up\""));
            log.append(record("epoch", 1, "loss", Double.POSITIVE_INFINITY));
        }
        try (LossLog log = LossLog.csv(file, columns)) {
            log.append(record("loss", 0.125f));
            assertThrows(IllegalArgumentException.class, () -> log.append(record("acc", 1)));
        }
        assertEquals("epoch,loss,note\n0,1.5,\"warm, \"\"up\"\"\"\n1,Infinity,\n,0.125,\n",
                Files.readString(file, StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossLog.csv(file, List.of("epoch", "loss")));
        assertEquals(file + ": existing CSV header 'epoch,loss,note' differs from 'epoch,loss'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LossLog.csv(dir.resolve("x.csv"), List.of("a", "a")));
    }

    @Test
    void csvTornHeaderIsRewritten() throws Exception {
        Path file = dir.resolve("torn.csv");
        Files.writeString(file, "epo");
        try (LossLog log = LossLog.csv(file, List.of("epoch"))) {
            log.append(record("epoch", 4));
        }
        assertEquals("epoch\n4\n", Files.readString(file));
    }

    @Test
    void readRejectsNonObjectLines() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"a\":1}\n\n[1]\n");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> LossLog.readJsonLines(file));
        assertEquals(file + " line 3: not a JSON object", e.getMessage());
    }
}
