package org.dadda.augment.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UtilTest {

    @TempDir
    Path dir;

    @Test
    void seededRandomIsDeterministicAndInRange() {
        SeededRandom a = new SeededRandom(5);
        SeededRandom b = new SeededRandom(5);
        int[] counts = new int[7];
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < 70_000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
            int k = a.nextInt(7);
            b.nextInt(7);
            counts[k]++;
            double g = a.nextGaussian();
            b.nextGaussian();
            sum += g;
            sq += g * g;
            double d = a.nextDouble(2, 3);
            b.nextDouble(2, 3);
            assertTrue(d >= 2 && d < 3);
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 500, "counts " + java.util.Arrays.toString(counts));
        }
        assertEquals(0, sum / 70_000, 0.02);
        assertEquals(1, sq / 70_000, 0.03);
        assertThrows(IllegalArgumentException.class, () -> a.nextInt(0));
        for (int i = 0; i < 100; i++) {
            int v = a.nextIntInclusive(-3, 3);
            assertTrue(v >= -3 && v <= 3);
        }
    }

    @Test
    void derivedSeedsDependOnEveryPartAndItsOrder() {
        long s = Seeds.derive(1, "crack", 3);
        assertEquals(s, Seeds.derive(1, "crack", 3));
        assertNotEquals(s, Seeds.derive(2, "crack", 3));
        assertNotEquals(s, Seeds.derive(1, "hole", 3));
        assertNotEquals(s, Seeds.derive(1, "crack", 4));
        assertNotEquals(Seeds.derive(1, "a", "b"), Seeds.derive(1, "b", "a"));
    }

    @Test
    void jsonRoundTripsAndReportsErrorsWithTheSource() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", "a \"quoted\"\nline\\");
        m.put("n", 42L);
        m.put("x", 0.25);
        m.put("list", List.of(1L, 2L, 3L));
        m.put("nested", Map.of("ok", true));
        m.put("none", null);
        String text = Json.write(m);
        Object back = Json.parse(text, "test");
        assertEquals(m, back);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, 2,}", "split.json"));
        assertTrue(e.getMessage().contains("split.json"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}", "dup"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x", "trailing"));
        assertEquals("\u00e9", Json.parse("\"\\u00e9\"", "u"));
    }

    @Test
    void atomicWritesReplaceWholeFilesAndLeaveNoTemporaries() throws Exception {
        Path f = dir.resolve("sub/out.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void progressBarReportsCountRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = new ProgressBar("dam crack", 4, out, false, 0)) {
            for (int i = 0; i < 4; i++) {
                bar.step();
            }
            assertEquals(4, bar.done());
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("dam crack ["), text);
        assertTrue(text.contains("4/4"), text);
        assertTrue(text.contains("/s"), text);
        String line = new ProgressBar("x", 10, null, false, 0).line(5, System.nanoTime() + 5_000_000_000L);
        assertTrue(line.contains("5/10") && line.contains("ETA"), line);
    }
}
