package org.dadda.cuda;

/**
 * Why the CUDA backend cannot start on this machine (no driver library, no device, PTX the driver
 * cannot load). {@code -Ddadda.backend=auto} catches it and falls back to the CPU backend.
 */
public final class CudaUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The reason, prefixed so the message reads on its own. */
    public CudaUnavailableException(String reason) {
        super("cuda backend: no usable CUDA device: " + reason);
    }

    /** The reason and the driver error behind it. */
    public CudaUnavailableException(String reason, Throwable cause) {
        super("cuda backend: no usable CUDA device: " + reason, cause);
    }
}
