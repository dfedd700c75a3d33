package org.dadda.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.dadda.tensor.Backend;
import org.junit.jupiter.api.Assumptions;

/**
 * The backend contract on the whole CUDA backend, with its kernels (the CUDA C of src/main/cuda)
 * compiled for the host and run by the emulator: checks the kernels' logic, argument packing,
 * launch geometry and offsets on every machine with g++. Skipped, with the reason, without one.
 * What it cannot check is the GPU itself: its math library's rounding, memory ordering between
 * blocks, and speed; {@link CudaContractTest} does on a machine with a device.
 */
class EmulatedContractTest extends BackendContract {
    private static Backend backend;

    @Override
    protected Backend candidate() {
        synchronized (EmulatedContractTest.class) {
            if (backend == null) {
                Path binary = HostKernels.binary();
                Assumptions.assumeTrue(binary != null, () -> "skipped: " + HostKernels.failure());
                try {
                    backend = new CudaBackend(new EmulatedDevice(binary));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return backend;
        }
    }
}
