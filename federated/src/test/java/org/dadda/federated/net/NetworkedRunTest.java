package org.dadda.federated.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.config.Shard;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.tensor.parallel.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server and two nodes as separate JVMs over mutual TLS on loopback, through the {@code dadda}
 * command line (stage 1 on each node, stage 2 on the server, synthesis on a node), against the
 * same three stages in one process over a shared folder: the server receives the same uploads and
 * the node synthesizes the same pairs, bit for bit.
 */
class NetworkedRunTest {
    @TempDir
    Path tmp;

    @Test
    void twoNodeProcessesAndAServerProcessGiveWhatOneProcessGives() throws Exception {
        Path data = tmp.resolve("data");
        TinyDataset.write(data, "widget", 32, 6, 3, 6, 3);

        Path refExchange = tmp.resolve("ref-exchange");
        List<String> log = new ArrayList<>();
        RunFolder refA = RunFolder.create(tmp.resolve("ref-a"), new RunConfig(TestProfiles.tiny(), 7, data));
        RunFolder refB = RunFolder.create(tmp.resolve("ref-b"), new RunConfig(TestProfiles.tiny(), 7, data));
        RunFolder refS = RunFolder.create(tmp.resolve("ref-s"), new RunConfig(TestProfiles.tiny(), 7, null));
        new Pipeline(refA, log::add, false, new FolderTransport(refExchange)).augment("widget", "plant-a", Shard.parse("1/2"));
        new Pipeline(refB, log::add, false, new FolderTransport(refExchange)).augment("widget", "plant-b", Shard.parse("2/2"));
        new Pipeline(refS, log::add, false, new FolderTransport(refExchange)).serverTrain("widget");
        new Pipeline(refA, log::add, false, new FolderTransport(refExchange)).synthesize("widget", "plant-a");

        Path pki = tmp.resolve("pki");
        Pki.initCa(pki, "test-ca", 1);
        Pki.issue(pki, "server", Pki.Role.SERVER, List.of("127.0.0.1"), 1);
        Pki.issue(pki, "plant-a", Pki.Role.NODE, List.of(), 1);
        Pki.issue(pki, "plant-b", Pki.Role.NODE, List.of(), 1);
        Path netExchange = tmp.resolve("net-exchange");
        RunFolder.create(tmp.resolve("net-a"), new RunConfig(TestProfiles.tiny(), 7, data));
        RunFolder.create(tmp.resolve("net-b"), new RunConfig(TestProfiles.tiny(), 7, data));
        RunFolder.create(tmp.resolve("net-s"), new RunConfig(TestProfiles.tiny(), 7, null));

        Process server = dadda("serve", "server", "serve", "--exchange", netExchange.toString(), "--listen", "127.0.0.1:0",
                "--tls", pki.toString(), "--tls-name", "server");
        try {
            int port = port(server);
            String at = "127.0.0.1:" + port;
            run("augment-a", "augment", "--out", tmp.resolve("net-a").toString(), "--category", "widget", "--node", "plant-a",
                    "--shard", "1/2", "--server", at, "--tls", pki.toString(), "--tls-name", "plant-a", "--quiet");
            run("augment-b", "augment", "--out", tmp.resolve("net-b").toString(), "--category", "widget", "--node", "plant-b",
                    "--shard", "2/2", "--server", at, "--tls", pki.toString(), "--tls-name", "plant-b", "--quiet");
            run("train", "server", "train", "--out", tmp.resolve("net-s").toString(), "--exchange", netExchange.toString(), "--quiet");
            run("synthesize", "node", "synthesize", "--out", tmp.resolve("net-a").toString(), "--category", "widget", "--node",
                    "plant-a", "--server", at, "--tls", pki.toString(), "--tls-name", "plant-a", "--quiet");
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }

        assertEquals(digests(refExchange.resolve("uploads")), digests(netExchange.resolve("uploads")), "the server's uploads");
        Map<String, String> synth = digests(refA.synthesisDir("plant-a", "widget"));
        assertFalse(synth.isEmpty());
        assertEquals(synth, digests(tmp.resolve("net-a").resolve(refA.root().relativize(refA.synthesisDir("plant-a", "widget")))),
                "the synthesized pairs");
        assertTrue(Files.readString(tmp.resolve("net-a/nodes/plant-a/widget/sent.jsonl")).contains("server 127.0.0.1:"));
    }

    /** SHA-256 of every image and weights file under {@code dir}, by relative path. */
    private static Map<String, String> digests(Path dir) {
        Map<String, String> m = new TreeMap<>();
        for (String f : Files2.listFiles(dir)) {
            if (f.endsWith(".png") || f.endsWith(".safetensors") || f.endsWith("manifest.json")) {
                m.put(f, Files2.sha256(dir.resolve(f)));
            }
        }
        return m;
    }

    private Process dadda(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Ddadda.threads=" + Parallel.threads(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), "org.dadda.federated.cli.DaddaCommand"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(tmp.resolve(name + ".err").toFile()).start();
    }

    private void run(String name, String... args) throws Exception {
        Process p = dadda(name, args);
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), name + " did not finish");
        assertEquals(0, p.exitValue(), name + " failed: " + Files.readString(tmp.resolve(name + ".err")));
    }

    private static int port(Process server) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern serving = Pattern.compile("on port (\\d+)");
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            Matcher m = serving.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server exited before it listened");
    }
}
