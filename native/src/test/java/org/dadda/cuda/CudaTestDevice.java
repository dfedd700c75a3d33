package org.dadda.cuda;

import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.junit.jupiter.api.Assumptions;

/**
 * The CUDA backend for tests, opened once per JVM through the same registry as
 * {@code -Ddadda.backend=cuda}. Without a usable device, tests that need one are reported as
 * skipped with the driver's reason ({@link #require()}), never passed silently.
 */
final class CudaTestDevice {
    private static final Backend BACKEND;
    private static final String REASON;

    static {
        Backend b = null;
        String reason = null;
        try {
            b = Backends.byName("cuda");
        } catch (CudaUnavailableException e) {
            reason = e.getMessage();
        }
        BACKEND = b;
        REASON = reason;
    }

    private CudaTestDevice() {
    }

    /** Whether a device initialised. */
    static boolean present() {
        return BACKEND != null;
    }

    /** Why not, when {@link #present()} is false. */
    static String reason() {
        return REASON;
    }

    /** The backend, or a skip of the calling test that says why there is none. */
    static Backend require() {
        Assumptions.assumeTrue(BACKEND != null, () -> "skipped: " + REASON);
        return BACKEND;
    }
}
