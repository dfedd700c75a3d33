package org.dadda.federated.net;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.dadda.federated.net.proto.ExchangeGrpc;
import org.dadda.federated.net.proto.FilePart;
import org.dadda.federated.net.proto.ReleaseHeader;
import org.dadda.federated.net.proto.ReleasePart;
import org.dadda.federated.net.proto.ReleaseRequest;
import org.dadda.federated.net.proto.StatusReply;
import org.dadda.federated.net.proto.StatusRequest;
import org.dadda.federated.net.proto.UploadHeader;
import org.dadda.federated.net.proto.UploadPart;
import org.dadda.federated.net.proto.UploadReceipt;
import org.dadda.federated.privacy.UploadManifest;
import org.dadda.federated.run.BuildVersion;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.tensor.util.Json;

/**
 * The server side of {@code exchange.proto} over the server's exchange folder. An upload is
 * received into a hidden folder, within the {@link UploadLimits}; it must carry exactly the files
 * its manifest declares, under the node named by the client's certificate; then every file is
 * decoded and checked as the folder transport checks a copied folder ({@link FolderTransport#readUpload}:
 * normal images and binary masks only, pixels equal to the declared digests), and only then does
 * it replace the node's earlier upload, in one rename. Anything else is refused with a status
 * that names the node and the file, and nothing of it is kept.
 */
final class ExchangeService extends ExchangeGrpc.ExchangeImplBase {
    private final FolderTransport exchange;
    private final UploadLimits limits;
    private final boolean insecure;
    private final Consumer<String> log;

    ExchangeService(Path exchangeDir, UploadLimits limits, boolean insecure, Consumer<String> log) {
        this.exchange = new FolderTransport(exchangeDir);
        this.limits = limits;
        this.insecure = insecure;
        this.log = log;
        discardPartialUploads(exchangeDir.resolve("uploads"));
    }

    @Override
    public StreamObserver<UploadPart> upload(StreamObserver<UploadReceipt> reply) {
        String certified = NodeIdentity.KEY.get(Context.current());
        return new StreamReceiver<UploadPart>(reply) {
            private Receiving receiving;

            @Override
            void part(UploadPart part) {
                if (receiving == null) {
                    if (!part.hasHeader()) {
                        throw refuse(Status.INVALID_ARGUMENT, "an upload must start with its header");
                    }
                    receiving = new Receiving(certified, part.getHeader());
                } else if (part.hasFile()) {
                    receiving.file(part.getFile());
                } else {
                    throw refuse(Status.INVALID_ARGUMENT, receiving.who() + ": a second header in one upload");
                }
            }

            @Override
            void finish() {
                if (receiving == null) {
                    throw refuse(Status.INVALID_ARGUMENT, "an empty upload");
                }
                reply.onNext(receiving.finish());
                reply.onCompleted();
            }

            @Override
            void discard() {
                if (receiving != null) {
                    receiving.discard();
                }
            }

            @Override
            void refused(StatusRuntimeException e, boolean byContent) {
                log.accept("exchange: refused an upload: " + e.getStatus().getDescription());
            }

            @Override
            String who() {
                return receiving == null ? "upload" : receiving.who();
            }
        };
    }

    /** One upload being received: its hidden folder, what it declared and what has arrived. */
    private final class Receiving {
        private final String node;
        private final String category;
        private final UploadManifest manifest;
        private final byte[] manifestJson;
        private final Map<String, Long> declared = new HashMap<>();
        private final Path incoming;
        private final Path folder;
        private long total;
        private String open;
        private OutputStream out;

        Receiving(String certified, UploadHeader h) {
            String text = h.getManifestJson().toString(StandardCharsets.UTF_8);
            UploadManifest m = UploadManifest.fromJson(Json.parse(text, "upload manifest"), "upload manifest");
            if (certified == null && !insecure) {
                throw refuse(Status.UNAUTHENTICATED, "no client certificate");
            }
            this.node = certified != null ? certified : m.node();
            if (!m.node().equals(node)) {
                throw refuse(Status.PERMISSION_DENIED, "node " + node + " (by its certificate) sent an upload declared as "
                        + m.node() + "'s");
            }
            this.category = h.getCategory();
            if (!m.category().equals(category)) {
                throw refuse(Status.INVALID_ARGUMENT, who() + ": the manifest is for category " + m.category());
            }
            if (m.entries().size() != h.getFiles() || h.getFiles() > limits.maxFiles()) {
                throw refuse(Status.INVALID_ARGUMENT, who() + ": the header announces " + h.getFiles() + " files, the manifest "
                        + m.entries().size() + ", the limit is " + limits.maxFiles());
            }
            if (h.getTotalBytes() > limits.maxTotalBytes()) {
                throw refuse(Status.RESOURCE_EXHAUSTED, who() + ": " + h.getTotalBytes() + " bytes exceed the limit of "
                        + limits.maxTotalBytes());
            }
            for (UploadManifest.Entry e : m.entries()) {
                declared.put(e.path(), -1L);
            }
            this.manifest = m;
            this.manifestJson = h.getManifestJson().toByteArray();
            this.incoming = Files2.createDirectories(exchange.root().resolve("uploads").resolve(".incoming-" + UUID.randomUUID()));
            this.folder = incoming.resolve(category);
        }

        String who() {
            return "node " + node + ", category " + category;
        }

        void file(FilePart part) {
            String path = part.getPath();
            if (!path.equals(open)) {
                close();
                if (!declared.containsKey(path)) {
                    throw refuse(Status.INVALID_ARGUMENT, who() + ": file " + path + " is not declared in the manifest");
                }
                if (declared.get(path) >= 0) {
                    throw refuse(Status.INVALID_ARGUMENT, who() + ": file " + path + " was sent twice");
                }
                declared.put(path, 0L);
                open = path;
                try {
                    Path target = folder.resolve(path).normalize();
                    if (!target.startsWith(folder)) {
                        throw refuse(Status.INVALID_ARGUMENT, who() + ": file path " + path + " leaves the upload folder");
                    }
                    Files.createDirectories(target.getParent());
                    out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot store " + path + ": " + e.getMessage(), e);
                }
            }
            long size = declared.get(path) + part.getData().size();
            total += part.getData().size();
            if (size > limits.maxFileBytes() || total > limits.maxTotalBytes()) {
                throw refuse(Status.RESOURCE_EXHAUSTED, who() + ": file " + path + " exceeds the limit of " + limits.maxFileBytes()
                        + " bytes a file or " + limits.maxTotalBytes() + " an upload");
            }
            declared.put(path, size);
            try {
                part.getData().writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + path + ": " + e.getMessage(), e);
            }
        }

        private void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot store " + open + ": " + e.getMessage(), e);
                }
                out = null;
            }
        }

        UploadReceipt finish() {
            close();
            for (var e : declared.entrySet()) {
                if (e.getValue() < 0) {
                    throw refuse(Status.INVALID_ARGUMENT, who() + ": declared file " + e.getKey() + " never arrived");
                }
            }
            Files2.writeBytes(folder.resolve(FolderTransport.manifestFile()), manifestJson);
            // Decodes every file and checks kinds, binary masks and digests against the manifest.
            FolderTransport.readUpload(node, folder);
            // Two uploads of one node and category finishing together must not interleave their
            // replace-by-rename; uploads are rare enough for one lock.
            synchronized (ExchangeService.this) {
                exchange.acceptChecked(node, category, folder);
            }
            Files2.deleteRecursively(incoming);
            log.accept("exchange: kept the upload of " + who() + " (" + manifest.entries().size() + " files)");
            return UploadReceipt.newBuilder().setNode(node).setCategory(category).setFiles(manifest.entries().size())
                    .setManifestSha256(org.dadda.federated.privacy.Digests.hex(manifestJson))
                    .build();
        }

        void discard() {
            try {
                close();
            } catch (UncheckedIOException e) {
                // The upload is being thrown away; a failing close changes nothing.
            }
            Files2.deleteRecursively(incoming);
        }
    }

    /** A server killed while receiving leaves hidden partial folders; they never become uploads. */
    private void discardPartialUploads(Path uploads) {
        if (!Files.isDirectory(uploads)) {
            return;
        }
        try (var s = Files.list(uploads)) {
            for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith(".incoming-"))::iterator) {
                Files2.deleteRecursively(p);
                log.accept("exchange: discarded the partial upload " + p.getFileName() + " of an earlier server");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + uploads + ": " + e.getMessage(), e);
        }
    }

    private static StatusRuntimeException refuse(Status status, String why) {
        return status.withDescription(why).asRuntimeException();
    }

    @Override
    public void fetchRelease(ReleaseRequest request, StreamObserver<ReleasePart> reply) {
        String category = request.getCategory();
        Path dir = exchange.releaseDir(category);
        Path release = dir.resolve(FolderTransport.releaseFile());
        try {
            if (category.isEmpty() || category.contains("/") || category.startsWith(".") || !Files.isRegularFile(release)) {
                reply.onNext(ReleasePart.newBuilder().setHeader(ReleaseHeader.newBuilder().setFound(false)).build());
                reply.onCompleted();
                return;
            }
            byte[] json = Files.readAllBytes(release);
            List<String> files = new ArrayList<>();
            Map<?, ?> j = (Map<?, ?>) Json.parse(new String(json, StandardCharsets.UTF_8), release.toString());
            for (Object m : ((Map<?, ?>) j.get("models")).values()) {
                files.add(String.valueOf(((Map<?, ?>) m).get("file")));
            }
            reply.onNext(ReleasePart.newBuilder().setHeader(ReleaseHeader.newBuilder().setFound(true)
                    .setReleaseJson(ByteString.copyFrom(json)).setFiles(files.size())).build());
            for (String f : files) {
                FileParts.send(dir.resolve(f), f, part -> reply.onNext(ReleasePart.newBuilder().setFile(part).build()));
            }
            reply.onCompleted();
        } catch (IOException | RuntimeException e) {
            reply.onError(refuse(Status.INTERNAL, "release of " + category + ": " + e.getMessage()));
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusReply> reply) {
        StatusReply.Builder b = StatusReply.newBuilder().setVersion(BuildVersion.get());
        for (Path node : list(exchange.root().resolve("uploads"))) {
            for (Path cat : list(node)) {
                b.addUploads(node.getFileName() + "/" + cat.getFileName());
            }
        }
        for (Path cat : list(exchange.root().resolve("releases"))) {
            if (Files.isRegularFile(cat.resolve(FolderTransport.releaseFile()))) {
                b.addReleases(cat.getFileName().toString());
            }
        }
        reply.onNext(b.build());
        reply.onCompleted();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
