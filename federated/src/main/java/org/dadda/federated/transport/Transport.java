package org.dadda.federated.transport;

import java.util.List;
import java.util.Optional;
import org.dadda.federated.privacy.ServerUpload;

/**
 * The channel between local nodes and the central server. Nodes send {@link ServerUpload}s and
 * fetch {@link ModelRelease}s; the server receives uploads (each checked by
 * {@link org.dadda.federated.privacy.UploadValidator} on the way in) and publishes releases.
 * Nothing else crosses, which is what makes the privacy boundary checkable in one place.
 */
public interface Transport {
    /** Node side: sends an upload; a later upload from the same node and category replaces it. */
    void sendUpload(ServerUpload upload);

    /**
     * Server side: every upload received so far, validated, ordered by node then category.
     *
     * @throws org.dadda.federated.privacy.PrivacyViolationException when a payload carries
     *     anything but normal images and masks, or differs from its manifest
     */
    List<ServerUpload> receiveUploads();

    /** Server side: publishes the weights for a category, replacing an earlier release. */
    void publish(ModelRelease release);

    /** Node side: the release for {@code category}, if the server has published one. */
    Optional<ModelRelease> fetchRelease(String category);
}
