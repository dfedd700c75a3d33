package org.dadda.federated.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.dadda.federated.fedavg.ClientPool;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.RoundReport;
import org.dadda.federated.fedavg.RoundResults;
import org.dadda.federated.net.proto.FedAvgRoundsGrpc;
import org.dadda.federated.net.proto.JoinRequest;
import org.dadda.federated.net.proto.RoundStart;
import org.dadda.federated.net.proto.UpdateHeader;
import org.dadda.federated.net.proto.UpdatePart;
import org.dadda.federated.net.proto.UpdateReceipt;
import org.dadda.federated.net.proto.WeightsHeader;
import org.dadda.federated.net.proto.Work;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.Module;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FedAvg across processes on loopback with mutual TLS ({@link FedAvgServer}, {@link FedAvgNode}):
 * the same weights and accuracies as the in-process FedAvg, a node killed in the middle of a
 * round, late and misdirected updates, and a server restarted between rounds.
 */
class FedAvgNetworkTest {
    @TempDir
    static Path pki;
    @TempDir
    Path tmp;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void certificates() {
        Pki.initCa(pki, "test-ca", 1);
        Pki.issue(pki, "server", Pki.Role.SERVER, List.of("127.0.0.1"), 1);
        Pki.issue(pki, "plant-a", Pki.Role.NODE, List.of(), 1);
        Pki.issue(pki, "plant-b", Pki.Role.NODE, List.of(), 1);
    }

    @Test
    @Timeout(240)
    void aServerAndTwoNodeProcessesGiveTheInProcessWeightsAndAccuracies() throws Exception {
        FedAvgJob job = BlobTask.job(4, 3, 2, 42);
        String initial = BlobTask.digest(BlobTask.model(42).stateDict());
        List<Double> accuracies = new ArrayList<>();
        Module reference = BlobTask.inProcess(job, pool -> pool, (r, g) -> accuracies.add(BlobTask.accuracy(g.stateDict())));
        String expected = BlobTask.digest(reference.stateDict());
        assertNotEquals(initial, expected, "training changed the weights");

        Path state = tmp.resolve("state");
        try (JvmProcess server = new JvmProcess("server", FedAvgProcess.class, "server", pki.toString(), state.toString(), "4", "3",
                "2", "42", "60000")) {
            String port = server.await(Pattern.compile("listening on port (\\d+)"), 60);
            try (JvmProcess a = node("plant-a", port, 0); JvmProcess b = node("plant-b", port, 0)) {
                a.awaitSuccess(120);
                b.awaitSuccess(120);
                server.awaitSuccess(60);
                for (JvmProcess n : List.of(a, b)) {
                    Map<Integer, Double> seen = accuracies(n);
                    for (int r = 1; r <= 3; r++) {
                        assertEquals(accuracies.get(r - 1), seen.get(r), "accuracy after round " + r + " on a node:\n" + n.output());
                    }
                }
                assertTrue(a.matching(Pattern.compile("round 0: training clients \\[0, 2\\]")).size() == 1, a.output());
                assertTrue(b.matching(Pattern.compile("round 0: training clients \\[1, 3\\]")).size() == 1, b.output());
            }
        }
        assertEquals(expected, BlobTask.digest(WeightsIo.load(state.resolve(RoundStore.weightsFile(3)))), "the server's final weights");
        assertEquals(expected, BlobTask.digest(WeightsIo.load(tmp.resolve("plant-a.safetensors"))), "plant-a's final weights");
        assertEquals(expected, BlobTask.digest(WeightsIo.load(tmp.resolve("plant-b.safetensors"))), "plant-b's final weights");
        Map<?, ?> saved = (Map<?, ?>) Files2.readJson(state.resolve(RoundStore.STATE));
        assertEquals(3, ((Number) saved.get("completed_rounds")).intValue());
        for (Object r : (List<?>) saved.get("reports")) {
            assertEquals(List.of(0L, 1L, 2L, 3L), ((Map<?, ?>) r).get("aggregated"), r.toString());
        }
    }

    @Test
    @Timeout(240)
    void aNodeKilledInTheMiddleOfARoundIsDroppedAndRejoinsTheNextRound() throws Exception {
        FedAvgJob job = BlobTask.job(4, 2, 1, 5);
        Duration deadline = Duration.ofSeconds(60);
        RoundRules rules = new RoundRules(2, Duration.ofSeconds(120), deadline, 1L << 30);
        Module global = BlobTask.model(5);
        List<RoundReport> reports;
        try (FedAvgServer server = FedAvgServer.start(new Endpoint("127.0.0.1", 0), TlsIdentity.in(pki, "server"), job, rules,
                tmp.resolve("state"), logged())) {
            CompletableFuture<List<RoundReport>> run = inBackground(() -> server.run(global, null));
            String port = Integer.toString(server.port());
            try (JvmProcess a = node("plant-a", port, 0); JvmProcess slow = node("plant-b", port, 120_000)) {
                slow.await(Pattern.compile("round 0: training clients \\[1, 3\\]"), 60);
                slow.kill();
                awaitLog("round 0 closed", 60);
                try (JvmProcess again = node("plant-b", port, 0)) {
                    reports = run.get(120, TimeUnit.SECONDS);
                    a.awaitSuccess(60);
                    again.awaitSuccess(60);
                    assertEquals(1, again.matching(Pattern.compile("round 1: training clients \\[1, 3\\]")).size(), again.output());
                }
            }
        }
        RoundReport first = reports.get(0);
        assertEquals(List.of(0, 2), first.aggregated(), first.toString());
        assertEquals(List.of(1, 3), new ArrayList<>(new TreeMap<>(first.failures()).keySet()));
        assertTrue(first.failures().get(1).contains("plant-b"), first.failures().toString());
        assertTrue(first.trainNanos() < deadline.toNanos(), "round 0 took " + first.trainNanos() / 1e9 + " s");
        assertEquals(List.of(0, 1, 2, 3), reports.get(1).aggregated(), reports.get(1).toString());

        // The in-process run in which clients 1 and 3 fail in round 0 gives the same weights.
        Module reference = BlobTask.inProcess(job, clients -> new ClientPool() {
            @Override
            public int clientCount() {
                return clients.clientCount();
            }

            @Override
            public RoundResults train(int round, List<Integer> selected, Map<String, Tensor> state) {
                return clients.train(round, round == 0 ? List.of(0, 2) : selected, state);
            }
        }, null);
        assertEquals(BlobTask.digest(reference.stateDict()), BlobTask.digest(global.stateDict()));
    }

    @Test
    @Timeout(240)
    void lateMisdirectedAndDamagedUpdatesAreRefused() throws Exception {
        FedAvgJob job = BlobTask.job(2, 1, 1, 9);
        RoundRules rules = new RoundRules(2, Duration.ofSeconds(60), Duration.ofSeconds(8), 1L << 30);
        Module global = BlobTask.model(9);
        List<RoundReport> reports;
        Map<String, Tensor> shifted;
        try (FedAvgServer server = FedAvgServer.start(new Endpoint("127.0.0.1", 0), TlsIdentity.in(pki, "server"), job, rules,
                tmp.resolve("state"), logged())) {
            CompletableFuture<List<RoundReport>> run = inBackground(() -> server.run(global, null));
            Endpoint at = new Endpoint("127.0.0.1", server.port());
            ManagedChannel a = GrpcEndpoints.connect(at, TlsIdentity.in(pki, "plant-a"), 4 << 20);
            ManagedChannel b = GrpcEndpoints.connect(at, TlsIdentity.in(pki, "plant-b"), 4 << 20);
            try {
                Iterator<Work> workA = FedAvgRoundsGrpc.newBlockingStub(a).join(JoinRequest.newBuilder().setJob("blobs").build());
                assertEquals("plant-a", workA.next().getJob().getNode(), "the server names the node by its certificate");
                Iterator<Work> workB = FedAvgRoundsGrpc.newBlockingStub(b).join(JoinRequest.newBuilder().setJob("blobs").build());
                assertEquals("plant-b", workB.next().getJob().getNode());
                RoundStart startA = workA.next().getRound();
                Map<String, Tensor> start = weights(workA, startA.getWeights());
                RoundStart startB = workB.next().getRound();
                weights(workB, startB.getWeights());
                assertEquals(List.of(0), startA.getClientIdsList());
                assertEquals(List.of(1), startB.getClientIdsList());
                shifted = new LinkedHashMap<>();
                start.forEach((k, v) -> {
                    float[] x = v.toArray();
                    for (int i = 0; i < x.length; i++) {
                        x[i] += 0.5f;
                    }
                    shifted.put(k, Tensor.fromArray(x, v.shape()));
                });

                refused(Status.Code.FAILED_PRECONDITION, "has not started", submit(a, 1, 0, shifted, false));
                refused(Status.Code.PERMISSION_DENIED, "dealt client 1 to node plant-b", submit(a, 0, 1, shifted, false));
                refused(Status.Code.INVALID_ARGUMENT, "SHA-256", submit(a, 0, 0, shifted, true));
                assertNull(submit(a, 0, 0, shifted, false));
                refused(Status.Code.ALREADY_EXISTS, "twice", submit(a, 0, 0, shifted, false));

                long wait = startB.getDeadlineUnixMs() + 500 - System.currentTimeMillis();
                Thread.sleep(Math.max(0, wait));
                refused(Status.Code.FAILED_PRECONDITION, "late", submit(b, 0, 1, shifted, false));
                reports = run.get(60, TimeUnit.SECONDS);
            } finally {
                GrpcEndpoints.close(a);
                GrpcEndpoints.close(b);
            }
        }
        assertEquals(List.of(0), reports.get(0).aggregated());
        assertTrue(reports.get(0).failures().get(1).contains("missed the deadline"), reports.get(0).failures().toString());
        assertEquals(BlobTask.digest(shifted), BlobTask.digest(global.stateDict()), "the average of the one update that counted");
        assertTrue(log.stream().anyMatch(l -> l.contains("late: the update of client 1 for round 0 from node plant-b is ignored")),
                String.join("\n", log));
    }

    @Test
    @Timeout(240)
    void aRestartedServerResumesAfterItsLastCompletedRound() throws Exception {
        FedAvgJob job = BlobTask.job(2, 4, 1, 13);
        RoundRules rules = new RoundRules(2, Duration.ofSeconds(60), Duration.ofSeconds(60), 1L << 30);
        Module reference = BlobTask.inProcess(job, pool -> pool, null);
        Endpoint at = new Endpoint("127.0.0.1", freePort());
        Path state = tmp.resolve("state");
        List<CompletableFuture<Map<String, Tensor>>> nodes = new ArrayList<>();
        for (String name : List.of("plant-a", "plant-b")) {
            nodes.add(inBackground(() -> {
                try (FedAvgNode n = new FedAvgNode(at, TlsIdentity.in(pki, name), name, Duration.ofSeconds(60), logged())) {
                    return n.run("blobs", j -> BlobTask.clients(j, 0), null);
                }
            }));
        }
        try (FedAvgServer first = FedAvgServer.start(at, TlsIdentity.in(pki, "server"), job, rules, state, logged())) {
            IllegalStateException crash = assertThrows(IllegalStateException.class, () -> first.run(BlobTask.model(13), (r, g) -> {
                if (r.round() == 1) {
                    throw new IllegalStateException("the server dies after round 1");
                }
            }));
            assertTrue(crash.getMessage().contains("dies"));
        }
        Map<?, ?> saved = (Map<?, ?>) Files2.readJson(state.resolve(RoundStore.STATE));
        assertEquals(2, ((Number) saved.get("completed_rounds")).intValue());

        Module global = BlobTask.model(13);
        List<RoundReport> reports;
        try (FedAvgServer second = FedAvgServer.start(at, TlsIdentity.in(pki, "server"), job, rules, state, logged())) {
            reports = second.run(global, null);
        }
        assertEquals(List.of(2, 3), reports.stream().map(RoundReport::round).toList());
        assertTrue(log.stream().anyMatch(l -> l.contains("resuming at round 2")), String.join("\n", log));
        String expected = BlobTask.digest(reference.stateDict());
        assertEquals(expected, BlobTask.digest(global.stateDict()));
        for (CompletableFuture<Map<String, Tensor>> n : nodes) {
            assertEquals(expected, BlobTask.digest(n.get(60, TimeUnit.SECONDS)), "a node's final weights");
        }
        assertEquals(4, ((Number) ((Map<?, ?>) Files2.readJson(state.resolve(RoundStore.STATE))).get("completed_rounds")).intValue());
        assertEquals(4, ((List<?>) ((Map<?, ?>) Files2.readJson(state.resolve(RoundStore.STATE))).get("reports")).size());
    }

    private JvmProcess node(String name, String port, long slowMillis) throws IOException {
        return new JvmProcess(name, FedAvgProcess.class, "node", port, pki.toString(), name,
                tmp.resolve(name + ".safetensors").toString(), Long.toString(slowMillis));
    }

    private static Map<Integer, Double> accuracies(JvmProcess node) {
        Map<Integer, Double> m = new TreeMap<>();
        for (String line : node.matching(Pattern.compile("^accuracy "))) {
            String[] f = line.split(" ");
            m.put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
        }
        return m;
    }

    private Consumer<String> logged() {
        return line -> {
            log.add(line);
            System.err.println(line);
        };
    }

    private void awaitLog(String text, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (log.stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the server never logged '" + text + "':\n" + String.join("\n", log));
            }
            Thread.sleep(50);
        }
    }

    /** Runs {@code body} on a thread of its own (not the common pool, which a 2-core machine keeps small). */
    private static <T> CompletableFuture<T> inBackground(java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable e) {
                e.printStackTrace();
                f.completeExceptionally(e);
            }
        }, "fedavg-test");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private Map<String, Tensor> weights(Iterator<Work> work, WeightsHeader header) {
        WeightsChunks.Receiving in = new WeightsChunks.Receiving(header, tmp.resolve(System.nanoTime() + ".safetensors"), 1L << 30, "test");
        while (!in.complete()) {
            in.chunk(work.next().getChunk());
        }
        return WeightsIo.load(in.finish());
    }

    /** Sends an update as a node would (or with a wrong digest); returns the refusal, or null when it was accepted. */
    private StatusRuntimeException submit(ManagedChannel channel, int round, int client, Map<String, Tensor> state, boolean badDigest)
            throws InterruptedException {
        Path file = tmp.resolve("update-" + System.nanoTime() + ".safetensors");
        WeightsHeader h = WeightsChunks.write(file, state);
        if (badDigest) {
            h = h.toBuilder().setSha256("0".repeat(64)).build();
        }
        ReplyFuture<UpdateReceipt> done = new ReplyFuture<>("receipt");
        StreamObserver<UpdatePart> out = FedAvgRoundsGrpc.newStub(channel).submit(done);
        out.onNext(UpdatePart.newBuilder().setHeader(UpdateHeader.newBuilder().setJob("blobs").setRound(round).setClientId(client)
                .setSamples(10).setWeights(h)).build());
        WeightsChunks.send(file, c -> out.onNext(UpdatePart.newBuilder().setChunk(c).build()));
        out.onCompleted();
        try {
            UpdateReceipt r = done.get(30, TimeUnit.SECONDS);
            assertEquals(client, r.getClientId());
            return null;
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof StatusRuntimeException, String.valueOf(e.getCause()));
            return (StatusRuntimeException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer to the update of client " + client + " for round " + round, e);
        }
    }

    private static void refused(Status.Code code, String text, StatusRuntimeException e) {
        assertNotNull(e, "the update was accepted; expected " + code);
        assertEquals(code, e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(text), e.getStatus().getDescription());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
