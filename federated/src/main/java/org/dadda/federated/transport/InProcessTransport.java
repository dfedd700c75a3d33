package org.dadda.federated.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadManifest;
import org.dadda.federated.privacy.UploadValidator;

/**
 * Nodes and server in one process (simulation and tests). Each upload is stored with the manifest
 * made on the sending side and validated against it when the server receives it, as it would be
 * after a network or folder hop; releases are copied in both directions so the two sides share
 * no mutable state.
 */
public final class InProcessTransport implements Transport {
    private record Sent(UploadManifest manifest, ServerUpload upload) {
    }

    private final Map<String, Sent> uploads = new TreeMap<>();
    private final Map<String, ModelRelease> releases = new TreeMap<>();

    @Override
    public synchronized void sendUpload(ServerUpload upload) {
        uploads.put(upload.nodeId() + "/" + upload.category(), new Sent(upload.manifest(), upload));
    }

    @Override
    public synchronized List<ServerUpload> receiveUploads() {
        List<ServerUpload> out = new ArrayList<>();
        for (Sent s : uploads.values()) {
            UploadValidator.validate(s.manifest(), s.upload());
            out.add(s.upload());
        }
        return out;
    }

    @Override
    public synchronized void publish(ModelRelease release) {
        releases.put(release.category(), copy(release));
    }

    @Override
    public synchronized Optional<ModelRelease> fetchRelease(String category) {
        ModelRelease r = releases.get(category);
        return r == null ? Optional.empty() : Optional.of(copy(r));
    }

    private static ModelRelease copy(ModelRelease r) {
        Map<String, Map<String, org.dadda.tensor.Tensor>> models = new java.util.LinkedHashMap<>();
        for (String name : r.modelNames()) {
            models.put(name, r.weights(name));
        }
        return new ModelRelease(r.category(), r.defectTypes(), r.config(), models);
    }

    @Override
    public String toString() {
        return "in-process server";
    }
}
