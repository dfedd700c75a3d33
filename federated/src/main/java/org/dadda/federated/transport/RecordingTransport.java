package org.dadda.federated.transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.dadda.federated.privacy.ServerUpload;

/**
 * A transport that passes everything through to another one and keeps a record of every upload
 * sent by a node and every upload the server received, so a test can inspect exactly what crossed
 * the privacy boundary.
 */
public final class RecordingTransport implements Transport {
    private final Transport inner;
    private final List<ServerUpload> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<ServerUpload> received = Collections.synchronizedList(new ArrayList<>());
    private final List<ModelRelease> published = Collections.synchronizedList(new ArrayList<>());

    /** Records traffic through {@code inner}. */
    public RecordingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public void sendUpload(ServerUpload upload) {
        sent.add(upload);
        inner.sendUpload(upload);
    }

    @Override
    public List<ServerUpload> receiveUploads() {
        List<ServerUpload> r = inner.receiveUploads();
        received.addAll(r);
        return r;
    }

    @Override
    public void publish(ModelRelease release) {
        published.add(release);
        inner.publish(release);
    }

    @Override
    public Optional<ModelRelease> fetchRelease(String category) {
        return inner.fetchRelease(category);
    }

    /** Every upload nodes sent, in order. */
    public List<ServerUpload> sent() {
        return List.copyOf(sent);
    }

    /** Every upload the server received (one entry per upload per receive call). */
    public List<ServerUpload> received() {
        return List.copyOf(received);
    }

    /** Every release the server published. */
    public List<ModelRelease> published() {
        return List.copyOf(published);
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
