package org.dadda.federated.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource limits end a command with one line that says what to do, exit status 1, and no
 * half-written file: a file-size limit ({@code ulimit -f}, which fails writes as a full disk does)
 * and a heap too small for the work, each in a child JVM.
 */
class ResourceLimitTest {
    @TempDir
    Path tmp;

    private record Outcome(int code, String err) {
    }

    private static Outcome dadda(String shellPrefix, List<String> jvm, String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        StringBuilder cmd = new StringBuilder(shellPrefix).append(" exec '").append(java).append("'");
        for (String o : jvm) {
            cmd.append(' ').append(o);
        }
        cmd.append(" --add-modules jdk.incubator.vector -cp '").append(System.getProperty("java.class.path")).append("' ")
                .append(DaddaCommand.class.getName());
        for (String a : args) {
            cmd.append(" '").append(a).append("'");
        }
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        return new Outcome(p.exitValue(), err);
    }

    private static List<String> errorLines(String err) {
        return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
    }

    @Test
    void aFileSizeLimitEndsWithOneLineAndLeavesNoPartialFile() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        Path out = tmp.resolve("data");
        // 256x256 noise PNGs are several hundred KB; the limit is 64 KB.
        Outcome o = dadda("ulimit -f 64;", List.of(), "data", "synth", "--out", out.toString(), "--categories", "synth_pill",
                "--size", "256", "--train-good", "2", "--test-good", "1", "--per-type", "1");
        assertEquals(1, o.code(), o.err());
        List<String> lines = errorLines(o.err());
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).contains("disk is full or a file-size limit") && lines.get(0).contains("another --out"), lines.get(0));
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> temps = s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
    }

    /** A folder nobody may create (sysfs, unwritable even for root; skipped where it is writable). */
    @Test
    void anUnwritableOutputFolderEndsWithOneLine() throws Exception {
        Path forbidden = Path.of("/sys/dadda-resource-limit-test");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys")) && !canCreate(forbidden), "/sys is writable here");
        Outcome o = dadda("", List.of(), "data", "synth", "--out", forbidden.toString(), "--categories", "synth_pill", "--size", "32",
                "--train-good", "1", "--test-good", "1", "--per-type", "1");
        assertEquals(1, o.code(), o.err());
        List<String> lines = errorLines(o.err());
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).contains("use an --out folder you can write to"), lines.get(0));
    }

    private static boolean canCreate(Path dir) {
        try {
            Files.createDirectory(dir);
            Files.delete(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aHeapTooSmallEndsWithOneLineNamingDaddaHeapWithAFigure() throws Exception {
        Outcome o = dadda("", List.of("-Xmx40m"), "data", "synth", "--out", tmp.resolve("d").toString(), "--categories", "synth_pill",
                "--size", "2048", "--train-good", "4", "--test-good", "1", "--per-type", "1");
        assertEquals(1, o.code(), o.err());
        List<String> lines = errorLines(o.err());
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).matches(".*out of memory.*DADDA_HEAP=\\d+g.*"), lines.get(0));
    }
}
