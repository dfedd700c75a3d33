package org.dadda.cuda;

/**
 * What the backend needs from a GPU, in plain numbers: device memory by address, copies to and
 * from the host, kernel launches. {@link JCudaDevice} is the real one (the CUDA driver API
 * through JCuda); the tests add one that runs the same CUDA C kernels compiled for the host, so
 * the whole backend is exercised on machines without a GPU.
 */
interface Device {

    /** The GPU and driver, for messages. */
    String describe();

    /**
     * {@code bytes} of device memory (contents unspecified) at the returned address.
     *
     * @throws OutOfDeviceMemory when the device has not that much free
     */
    long allocate(long bytes);

    /** Frees memory from {@link #allocate}. Called from a cleaner thread. */
    void free(long address);

    /** Copies {@code src[off .. off+n)} to the device at {@code address}. */
    void upload(long address, float[] src, int off, int n);

    /** Copies {@code src} to the device at {@code address}. */
    void upload(long address, int[] src);

    /** Copies {@code dst.length} floats from {@code address}, after the kernels queued before. */
    void download(long address, float[] dst);

    /** Copies {@code dst.length} ints from {@code address}, after the kernels queued before. */
    void download(long address, int[] dst);

    /** Launches {@code spec} over {@code geometry} with {@code args} (already checked against the spec). */
    void launch(KernelSpec spec, LaunchGeometry geometry, KernelArgs args);

    /** A failed allocation for want of device memory. */
    final class OutOfDeviceMemory extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfDeviceMemory(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
