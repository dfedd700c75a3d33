package org.dadda.federated.net;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dadda.federated.net.proto.ExchangeGrpc;
import org.dadda.federated.net.proto.FilePart;
import org.dadda.federated.net.proto.ReleasePart;
import org.dadda.federated.net.proto.ReleaseRequest;
import org.dadda.federated.net.proto.StatusReply;
import org.dadda.federated.net.proto.StatusRequest;
import org.dadda.federated.net.proto.UploadHeader;
import org.dadda.federated.net.proto.UploadPart;
import org.dadda.federated.net.proto.UploadReceipt;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.ModelRelease;
import org.dadda.federated.transport.Transport;

/**
 * A node's side of the network exchange: uploads go to, and releases come from, a server
 * running {@code dadda server serve}. What travels is what the folder transport writes (the
 * same manifest, the same PNG files, the same release files with their digests), so the stage
 * commands behave the same over {@code --server} as over {@code --exchange}; a release is
 * checked against the digests in its {@code release.json} before its weights are used.
 */
public final class GrpcTransport implements Transport, AutoCloseable {
    private static final long UPLOAD_MINUTES = 30;
    private static final long RELEASE_MINUTES = 30;

    private final ManagedChannel channel;
    private final Endpoint server;

    /**
     * Connects to {@code server}.
     *
     * @param tls this node's identity, or null for plaintext (loopback tests only)
     */
    public GrpcTransport(Endpoint server, TlsIdentity tls, UploadLimits limits) {
        this.channel = GrpcEndpoints.connect(server, tls, limits.maxMessageBytes());
        this.server = server;
    }

    @Override
    public void sendUpload(ServerUpload upload) {
        Path temp = Files2.createDirectories(tempDir("dadda-upload"));
        try {
            FolderTransport local = new FolderTransport(temp);
            local.sendUpload(upload);
            Path dir = local.uploadDir(upload.nodeId(), upload.category());
            byte[] manifest = Files.readAllBytes(dir.resolve(FolderTransport.manifestFile()));
            List<String> files = Files2.listFiles(dir).stream().filter(f -> !f.equals(FolderTransport.manifestFile())).toList();
            long total = 0;
            for (String f : files) {
                total += Files.size(dir.resolve(f));
            }
            ReplyFuture<UploadReceipt> done = new ReplyFuture<>("receipt");
            StreamObserver<UploadPart> out = ExchangeGrpc.newStub(channel).withDeadlineAfter(UPLOAD_MINUTES, TimeUnit.MINUTES)
                    .upload(done);
            out.onNext(UploadPart.newBuilder().setHeader(UploadHeader.newBuilder().setCategory(upload.category())
                    .setManifestJson(ByteString.copyFrom(manifest)).setFiles(files.size()).setTotalBytes(total)).build());
            for (String f : files) {
                if (done.isDone()) {
                    // Refused already: the server has said why, sending the rest would be wasted.
                    break;
                }
                FileParts.send(dir.resolve(f), f, part -> out.onNext(UploadPart.newBuilder().setFile(part).build()));
            }
            out.onCompleted();
            UploadReceipt r = done.get();
            if (!r.getNode().equals(upload.nodeId()) || r.getFiles() != files.size()) {
                throw new IllegalStateException("server " + server + " acknowledged " + r.getFiles() + " files of node " + r.getNode()
                        + ", not the " + files.size() + " of " + upload.nodeId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send the upload of " + upload.category() + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw refused("upload of " + upload.nodeId() + "/" + upload.category(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading to " + server, e);
        } finally {
            Files2.deleteRecursively(temp);
        }
    }

    @Override
    public Optional<ModelRelease> fetchRelease(String category) {
        Path temp = Files2.createDirectories(tempDir("dadda-release"));
        try {
            FolderTransport local = new FolderTransport(temp);
            Path dir = Files2.createDirectories(local.releaseDir(category));
            Iterator<ReleasePart> parts = ExchangeGrpc.newBlockingStub(channel).withDeadlineAfter(RELEASE_MINUTES, TimeUnit.MINUTES)
                    .fetchRelease(ReleaseRequest.newBuilder().setCategory(category).build());
            if (!parts.hasNext()) {
                throw new IllegalStateException("server " + server + " answered nothing for the release of " + category);
            }
            ReleasePart head = parts.next();
            if (!head.hasHeader() || !head.getHeader().getFound()) {
                return Optional.empty();
            }
            byte[] releaseJson = head.getHeader().getReleaseJson().toByteArray();
            String open = null;
            java.io.OutputStream out = null;
            try {
                while (parts.hasNext()) {
                    FilePart f = parts.next().getFile();
                    if (!f.getPath().equals(open)) {
                        if (out != null) {
                            out.close();
                        }
                        Path target = dir.resolve(f.getPath()).normalize();
                        if (!target.getParent().equals(dir)) {
                            throw new IllegalStateException("server " + server + " sent release file " + f.getPath()
                                    + " outside the release folder");
                        }
                        open = f.getPath();
                        out = Files.newOutputStream(target);
                    }
                    f.getData().writeTo(out);
                }
            } finally {
                if (out != null) {
                    out.close();
                }
            }
            // Written last, as the folder transport does; fetchRelease checks every digest it names.
            Files2.writeBytes(dir.resolve(FolderTransport.releaseFile()), releaseJson);
            return local.fetchRelease(category);
        } catch (StatusRuntimeException e) {
            throw refused("release of " + category, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive the release of " + category + ": " + e.getMessage(), e);
        } finally {
            Files2.deleteRecursively(temp);
        }
    }

    /** What the server holds (uploads by node/category, releases). */
    public StatusReply status() {
        try {
            return ExchangeGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES).status(StatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw refused("status", e);
        }
    }

    @Override
    public List<ServerUpload> receiveUploads() {
        throw new UnsupportedOperationException("a node does not receive uploads: on the server, dadda server serve keeps them in its"
                + " --exchange folder and dadda server train reads them there");
    }

    @Override
    public void publish(ModelRelease release) {
        throw new UnsupportedOperationException("a node does not publish releases: dadda server train publishes into the server's"
                + " --exchange folder, which dadda server serve serves");
    }

    private IllegalStateException refused(String what, Throwable t) {
        return GrpcEndpoints.refused(server, what, t);
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        GrpcEndpoints.close(channel);
    }

    @Override
    public String toString() {
        return "server " + server;
    }
}
