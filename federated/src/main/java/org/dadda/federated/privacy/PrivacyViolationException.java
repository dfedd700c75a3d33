package org.dadda.federated.privacy;

/**
 * Thrown when something that could carry sensitive content (a defective image, acquired or
 * augmented) is about to cross, or has crossed, the boundary between a local node and the
 * central server (the paper's eq. 3). The message names the offending entry.
 */
public final class PrivacyViolationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A violation described by {@code message}. */
    public PrivacyViolationException(String message) {
        super(message);
    }
}
