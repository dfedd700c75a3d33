package org.dadda.federated.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DaddaCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = DaddaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void collect(CommandLine cl, List<List<String>> paths, List<String> prefix) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            paths.add(p);
            collect(e.getValue(), paths, p);
        }
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(DaddaCommand.commandLine(), paths, List.of());
        for (String c : List.of("data synth", "augment", "server train", "node synthesize", "train classifier", "train detector",
                "evaluate", "run", "fedavg", "report")) {
            assertTrue(paths.contains(List.of(c.split(" "))), "missing command " + c + " in " + paths);
        }
        Result top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("augment") && top.out().contains("fedavg"), top.out());
        for (List<String> p : paths) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            Result r = run(args.toArray(new String[0]));
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage: dadda " + String.join(" ", p)), r.out());
        }
        Result run = run("run", "--help");
        for (String opt : List.of("--profile", "--data", "--category", "--out", "--seed", "--threads")) {
            assertTrue(run.out().contains(opt), "run --help lacks " + opt);
        }
    }

    @Test
    void versionComesFromTheBuildAndOutOfMemoryNamesTheHeapSetting() {
        Result v = run("-V");
        assertEquals(0, v.code());
        assertTrue(v.out().matches("dadda \\d+\\.\\d+\\.\\d+.*\\s*"), v.out());
        assertEquals(v.out(), run("run", "-V").out(), "subcommands print the same version");
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            assertEquals(1, DaddaCommand.outOfMemory(new OutOfMemoryError("Java heap space")));
        } finally {
            System.setErr(saved);
        }
        String line = err.toString();
        assertTrue(line.contains("DADDA_HEAP") && line.lines().count() == 1, line);
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run().code());
        Result r = run("augment", "--out", tmp.toString(), "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertEquals(2, run("augment").code(), "missing --out");
        assertEquals(2, run("train").code(), "missing model");
        assertEquals(2, run("augment", "--out", tmp.toString(), "--seed", "abc").code());
    }

    @Test
    void badInputExitsWithOneAndSaysWhy() {
        Result r = run("augment", "--out", tmp.resolve("run").toString(), "--data", tmp.resolve("missing").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        r = run("report", "--out", tmp.resolve("new").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--data"), r.err());
        r = run("augment", "--out", tmp.resolve("run2").toString(), "--data", tmp.toString(), "--profile", "huge");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown profile 'huge'"), r.err());
        r = run("fedavg", "--out", tmp.resolve("run3").toString(), "--data", tmp.toString(), "--grid", "clients=nd;b=0;e=1");
        assertEquals(1, r.code());
        r = run("augment", "--out", tmp.resolve("run4").toString(), "--data", tmp.toString(), "--threads", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--threads"), r.err());
    }

    @Test
    void dataSynthWritesTheBuiltInDataset() {
        Path out = tmp.resolve("data");
        Result r = run("data", "synth", "--out", out.toString(), "--categories", "synth_pill", "--size", "32", "--train-good", "2",
                "--test-good", "1", "--per-type", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isDirectory(out.resolve("synth_pill/train/good")));
        assertTrue(Files.isDirectory(out.resolve("synth_pill/ground_truth")));
        assertEquals(1, run("data", "synth", "--out", out.toString(), "--categories", "nope").code());
        // The dataset is usable: a run folder opens on it and names the missing category clearly.
        r = run("augment", "--out", tmp.resolve("run").toString(), "--data", out.toString(), "--category", "synth_washer");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("synth_pill"), r.err());
    }
}
