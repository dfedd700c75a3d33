package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one-line reasons the backend gives when the driver cannot start. */
class DriverFailureTest {

    @Test
    void aMissingDriverLibraryIsNamed() {
        // The shape of JCuda's message on a machine without the NVIDIA driver (JCuda 12.6.0).
        String jcuda = """
                Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
                Operating system name: Linux
                ---(start of nested stack traces)---
                Stack trace from the attempt to load the library as a file:
                java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open \
                shared object file: No such file or directory
                \tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
                """;
        assertEquals("the NVIDIA driver library libcuda.so.1 cannot be loaded (libcuda.so.1: cannot open shared object"
                + " file: No such file or directory); is this a machine with an NVIDIA GPU and its driver?",
                DriverFailure.describe(new UnsatisfiedLinkError(jcuda)));
    }

    @Test
    void otherFailuresKeepTheirFirstLine() {
        assertEquals("CUDA_ERROR_NO_DEVICE", DriverFailure.describe(new RuntimeException("CUDA_ERROR_NO_DEVICE\nmore")));
        assertEquals("IllegalStateException", DriverFailure.describe(new IllegalStateException()));
    }
}
