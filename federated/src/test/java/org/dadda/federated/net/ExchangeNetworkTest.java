package org.dadda.federated.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.net.proto.ExchangeGrpc;
import org.dadda.federated.net.proto.FilePart;
import org.dadda.federated.net.proto.UploadHeader;
import org.dadda.federated.net.proto.UploadPart;
import org.dadda.federated.net.proto.UploadReceipt;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadFixtures;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.ModelRelease;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network exchange on loopback with mutual TLS: a node's upload arrives exactly as the folder
 * transport would have stored it, a release comes back with its weights checked, and the server
 * refuses what it must (a certificate from another CA, an expired one, none, a node posing as
 * another, undeclared files, non-binary masks, digest mismatches, oversized messages) without
 * keeping anything of a refused upload.
 */
class ExchangeNetworkTest {
    @TempDir
    static Path dir;
    private static Path pki;
    private static Path serverExchange;
    private static ExchangeServer server;
    private static Endpoint endpoint;
    private static final UploadLimits LIMITS = new UploadLimits(1000, 4L << 20, 64L << 20, (1 << 20) + 65536);

    @BeforeAll
    static void start() {
        pki = dir.resolve("pki");
        Pki.initCa(pki, "test-ca", 1);
        Pki.issue(pki, "server", Pki.Role.SERVER, List.of("localhost", "127.0.0.1"), 1);
        Pki.issue(pki, "node1", Pki.Role.NODE, List.of(), 1);
        Pki.issue(pki, "node2", Pki.Role.NODE, List.of(), 1);
        Pki.issue(pki, "old", Pki.Role.NODE, List.of(), Instant.now().minus(Duration.ofDays(3)),
                Instant.now().minus(Duration.ofDays(1)));
        Path other = dir.resolve("other-pki");
        Pki.initCa(other, "other-ca", 1);
        Pki.issue(other, "node1", Pki.Role.NODE, List.of(), 1);
        serverExchange = dir.resolve("server-exchange");
        server = ExchangeServer.start(new Endpoint("127.0.0.1", 0), TlsIdentity.in(pki, "server"), serverExchange, LIMITS, s -> { });
        endpoint = new Endpoint("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerUpload upload(String node, String category) {
        Path cat = dir.resolve("data-" + node).resolve(category);
        List<String> goods = UploadFixtures.writeGood(cat, 3, 16);
        return UploadFixtures.upload(node, category, cat, goods, 16, List.of("crack", "hole"));
    }

    @Test
    void anUploadArrivesAsTheFolderTransportStoresItAndAReleaseComesBackChecked() throws Exception {
        ServerUpload up = upload("node1", "widget");
        try (GrpcTransport t = new GrpcTransport(endpoint, TlsIdentity.in(pki, "node1"), LIMITS)) {
            t.sendUpload(up);
            ServerUpload kept = FolderTransport.readUpload("node1", new FolderTransport(serverExchange).uploadDir("node1", "widget"));
            assertEquals(up.manifest(), kept.manifest());
            assertTrue(t.status().getUploadsList().contains("node1/widget"));

            assertTrue(t.fetchRelease("widget").isEmpty(), "nothing published yet");
            Tensor w = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            new FolderTransport(serverExchange).publish(new ModelRelease("widget", List.of("crack", "hole"), Map.of("k", 1L),
                    Map.of("g_i", Map.of("w", w), "g_m", Map.of("v", w.mul(2)))));
            ModelRelease r = t.fetchRelease("widget").orElseThrow();
            assertEquals(List.of("crack", "hole"), r.defectTypes());
            assertArrayEquals(w.toArray(), r.weights("g_i").get("w").toArray());
            assertArrayEquals(w.mul(2).toArray(), r.weights("g_m").get("v").toArray());
            assertTrue(t.status().getReleasesList().contains("widget"));
        }
    }

    @Test
    void nodesWithoutAValidCertificateOfThisCaAreRefused() {
        ServerUpload up = upload("node1", "refused");
        List<TlsIdentity> strangers = List.of(TlsIdentity.in(dir.resolve("other-pki"), "node1"), TlsIdentity.in(pki, "old"));
        for (TlsIdentity id : strangers) {
            try (GrpcTransport t = new GrpcTransport(endpoint, id, LIMITS)) {
                assertThrows(IllegalStateException.class, () -> t.sendUpload(up), "refused: " + id.cert());
            }
        }
        // No client certificate at all: the handshake fails.
        ManagedChannel bare = NettyChannelBuilder.forAddress("127.0.0.1", endpoint.port())
                .sslContext(clientWithoutCertificate()).build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> ExchangeGrpc.newBlockingStub(bare).withDeadlineAfter(20, TimeUnit.SECONDS)
                            .status(org.dadda.federated.net.proto.StatusRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        } finally {
            bare.shutdownNow();
        }
        assertFalse(Files.exists(new FolderTransport(serverExchange).uploadDir("node1", "refused")));
    }

    private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext clientWithoutCertificate() {
        try {
            return io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient().trustManager(Pki.caCert(pki).toFile()).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends raw parts as node1 and returns the server's answer (a receipt, or the refusal). */
    private static Object sendRaw(List<UploadPart> parts) throws InterruptedException {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", endpoint.port())
                .sslContext(TlsIdentity.in(pki, "node1").clientContext()).maxInboundMessageSize(8 << 20).build();
        try {
            CompletableFuture<UploadReceipt> done = new CompletableFuture<>();
            StreamObserver<UploadPart> out = ExchangeGrpc.newStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .upload(new StreamObserver<>() {
                        @Override
                        public void onNext(UploadReceipt r) {
                            done.complete(r);
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            for (UploadPart p : parts) {
                out.onNext(p);
            }
            out.onCompleted();
            try {
                return done.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no answer from the server", e);
            }
        } finally {
            ch.shutdownNow();
        }
    }

    /** The parts an honest node1 would send for {@code up}, from the folder transport's files. */
    private static List<UploadPart> honestParts(ServerUpload up) throws Exception {
        Path tmp = Files.createTempDirectory(dir, "honest");
        FolderTransport local = new FolderTransport(tmp);
        local.sendUpload(up);
        Path d = local.uploadDir(up.nodeId(), up.category());
        List<UploadPart> parts = new ArrayList<>();
        List<String> files = Files2.listFiles(d).stream().filter(f -> !f.equals("manifest.json")).toList();
        parts.add(UploadPart.newBuilder().setHeader(UploadHeader.newBuilder().setCategory(up.category())
                .setManifestJson(ByteString.copyFrom(Files.readAllBytes(d.resolve("manifest.json")))).setFiles(files.size())
                .setTotalBytes(1000)).build());
        for (String f : files) {
            parts.add(file(f, Files.readAllBytes(d.resolve(f))));
        }
        return parts;
    }

    private static UploadPart file(String path, byte[] data) {
        return UploadPart.newBuilder().setFile(FilePart.newBuilder().setPath(path).setData(ByteString.copyFrom(data))).build();
    }

    private static void assertRefused(Object answer, Status.Code code, String... words) {
        assertTrue(answer instanceof StatusRuntimeException, "refused, got " + answer);
        StatusRuntimeException e = (StatusRuntimeException) answer;
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        for (String w : words) {
            assertTrue(e.getStatus().getDescription().contains(w), e.getStatus().getDescription() + " names " + w);
        }
    }

    private static void assertNothingKept(String node, String category) throws Exception {
        assertFalse(Files.exists(new FolderTransport(serverExchange).uploadDir(node, category)), node + "/" + category + " kept");
        // A message refused by the transport itself (over the size limit) reaches the client
        // before the server's cancellation callback has discarded the partial folder: the
        // cleanup is asynchronous, so allow it a bounded time rather than none.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (partialUploadLeft() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(partialUploadLeft(), "no partial upload left");
    }

    private static boolean partialUploadLeft() throws Exception {
        try (var s = Files.list(serverExchange.resolve("uploads"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".incoming"));
        }
    }

    @Test
    void anHonestRawUploadIsKeptSoTheRefusalsBelowAreAboutTheirFault() throws Exception {
        Object answer = sendRaw(honestParts(upload("node1", "honest")));
        assertTrue(answer instanceof UploadReceipt, String.valueOf(answer));
        assertEquals("node1", ((UploadReceipt) answer).getNode());
        Path kept = new FolderTransport(serverExchange).uploadDir("node1", "honest").resolve(FolderTransport.manifestFile());
        assertEquals(org.dadda.federated.privacy.Digests.hex(Files.readAllBytes(kept)), ((UploadReceipt) answer).getManifestSha256(),
                "the receipt carries the SHA-256 of the manifest the server kept, as sha256sum prints it");
    }

    @Test
    void aNodePosingAsAnotherIsRefused() throws Exception {
        assertRefused(sendRaw(honestParts(upload("node2", "posing"))), Status.Code.PERMISSION_DENIED, "node1", "node2");
        assertNothingKept("node2", "posing");
        assertNothingKept("node1", "posing");
    }

    @Test
    void undeclaredFilesNonBinaryMasksAndDigestMismatchesAreRefusedAndNothingIsKept() throws Exception {
        List<UploadPart> extra = new ArrayList<>(honestParts(upload("node1", "extra")));
        extra.add(file("test/crack/000.png", new byte[] {1, 2, 3}));
        assertRefused(sendRaw(extra), Status.Code.INVALID_ARGUMENT, "node1", "test/crack/000.png", "not declared");
        assertNothingKept("node1", "extra");

        List<UploadPart> gray = new ArrayList<>(honestParts(upload("node1", "gray")));
        int maskAt = indexOf(gray, "ground_truth/crack/000_mask.png");
        Path grayMask = dir.resolve("gray_mask.png");
        float[] px = new float[16 * 16];
        java.util.Arrays.fill(px, 0.5f);
        ImageFiles.writePng(new Image(1, 16, 16, px), grayMask);
        gray.set(maskAt, file("ground_truth/crack/000_mask.png", Files.readAllBytes(grayMask)));
        assertRefused(sendRaw(gray), Status.Code.INVALID_ARGUMENT, "node1", "000_mask.png", "binary");
        assertNothingKept("node1", "gray");

        List<UploadPart> swapped = new ArrayList<>(honestParts(upload("node1", "swapped")));
        int a = indexOf(swapped, "train/good/000.png");
        int b = indexOf(swapped, "train/good/001.png");
        ByteString da = swapped.get(a).getFile().getData();
        swapped.set(a, file("train/good/000.png", swapped.get(b).getFile().getData().toByteArray()));
        swapped.set(b, file("train/good/001.png", da.toByteArray()));
        assertRefused(sendRaw(swapped), Status.Code.INVALID_ARGUMENT, "node1");
        assertNothingKept("node1", "swapped");

        List<UploadPart> traversal = new ArrayList<>(honestParts(upload("node1", "traversal")));
        traversal.add(file("../../evil.png", new byte[] {1}));
        assertRefused(sendRaw(traversal), Status.Code.INVALID_ARGUMENT, "not declared");
        assertNothingKept("node1", "traversal");
        assertFalse(Files.exists(serverExchange.resolve("evil.png")));
    }

    @Test
    void oversizedMessagesAndFilesAreRefusedWithoutBeingKept() throws Exception {
        List<UploadPart> big = new ArrayList<>(honestParts(upload("node1", "big")));
        big.add(file("train/good/000.png", new byte[2 << 20]));
        assertRefused(sendRaw(big), Status.Code.RESOURCE_EXHAUSTED);
        assertNothingKept("node1", "big");

        List<UploadPart> huge = new ArrayList<>(honestParts(upload("node1", "huge")));
        int at = indexOf(huge, "train/good/000.png");
        huge.set(at, file("train/good/000.png", new byte[1 << 20]));
        for (int i = 0; i < 4; i++) {
            huge.add(at + 1, file("train/good/000.png", new byte[1 << 20]));
        }
        assertRefused(sendRaw(huge), Status.Code.RESOURCE_EXHAUSTED, "000.png");
        assertNothingKept("node1", "huge");
    }

    @Test
    void aRestartedServerDiscardsThePartialUploadsOfTheOneKilledWhileReceiving() throws Exception {
        Path exchange = dir.resolve("restarted-exchange");
        Path partial = Files2.createDirectories(exchange.resolve("uploads").resolve(".incoming-killed").resolve("widget"));
        Files.write(partial.resolve("half.png"), new byte[] {1, 2});
        Path kept = Files2.createDirectories(exchange.resolve("uploads").resolve("node1"));
        try (ExchangeServer again = ExchangeServer.start(new Endpoint("127.0.0.1", 0), TlsIdentity.in(pki, "server"),
                exchange, LIMITS, s -> { })) {
            assertFalse(Files.exists(partial.getParent()), "the partial folder is gone");
            assertTrue(Files.isDirectory(kept), "a node's kept uploads stay");
        }
    }

    private static int indexOf(List<UploadPart> parts, String path) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).hasFile() && parts.get(i).getFile().getPath().equals(path)) {
                return i;
            }
        }
        throw new AssertionError(path + " not among the parts");
    }

    @Test
    void plaintextIsOnlyForLoopback() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExchangeServer.start(new Endpoint("0.0.0.0", 0), null, serverExchange, LIMITS, s -> { }));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(new Endpoint("example.org", 7443), Endpoint.parse("example.org:7443"));
        assertEquals(new Endpoint("::1", 7443), Endpoint.parse("[::1]:7443"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("example.org"));
        assertThrows(IllegalArgumentException.class, () -> Pki.initCa(pki, "again", 1));
        assertEquals("node1", Pki.commonName(Pki.readCert(Pki.cert(pki, "node1"))));
        assertTrue(new String(readBytes(Pki.key(pki, "node1")), StandardCharsets.US_ASCII).contains("BEGIN PRIVATE KEY"));
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
