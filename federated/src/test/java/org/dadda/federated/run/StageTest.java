package org.dadda.federated.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageTest {
    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    private boolean run(Path dir, String inputs, AtomicInteger runs) {
        return Stage.run(dir, "demo", inputs, log::add, d -> {
            runs.incrementAndGet();
            Files2.writeString(d.resolve("a.txt"), "alpha");
            Files2.writeString(d.resolve("sub/b.txt"), "beta");
        });
    }

    @Test
    void skipsCompleteStagesAndRedoesPartialOrDamagedOnes() throws Exception {
        Path dir = tmp.resolve("stage");
        AtomicInteger runs = new AtomicInteger();
        assertTrue(run(dir, "k1", runs));
        assertFalse(run(dir, "k1", runs));
        assertEquals(1, runs.get());
        // Damaged output: a file changed after the marker was written.
        Files.writeString(dir.resolve("sub/b.txt"), "BETA");
        assertTrue(run(dir, "k1", runs));
        assertEquals("beta", Files.readString(dir.resolve("sub/b.txt")));
        // Missing output file.
        Files.delete(dir.resolve("a.txt"));
        assertTrue(run(dir, "k1", runs));
        // Partial output (crash before the marker): a stray file is cleaned away on the redo.
        Files.delete(dir.resolve(StageMarker.FILE));
        Files.writeString(dir.resolve("stray.txt"), "x");
        assertTrue(run(dir, "k1", runs));
        assertFalse(Files.exists(dir.resolve("stray.txt")));
        // Changed inputs.
        assertTrue(run(dir, "k2", runs));
        assertFalse(run(dir, "k2", runs));
        assertEquals(5, runs.get());
    }

    @Test
    void failedStageLeavesNoMarker() {
        Path dir = tmp.resolve("bad");
        assertThrows(IllegalStateException.class, () -> Stage.run(dir, "bad", "k", log::add, d -> {
            Files2.writeString(d.resolve("half.txt"), "half");
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(dir.resolve(StageMarker.FILE)));
        assertFalse(StageMarker.isComplete(dir, "bad", "k", null));
    }

    @Test
    void atomicWriteLeavesNoTemporaryFiles() {
        Files2.writeString(tmp.resolve("x/y.txt"), "1");
        Files2.writeString(tmp.resolve("x/y.txt"), "2");
        assertEquals(List.of("y.txt"), Files2.listFiles(tmp.resolve("x")));
    }
}
