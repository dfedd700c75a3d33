package org.dadda.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A {@link CUdeviceptr} at a plain address, and the address of one the driver filled in, so that
 * the backend's device memory is plain numbers (offsets are address arithmetic, {@link KernelArgs}
 * carry longs).
 */
final class DevicePointer extends CUdeviceptr {
    private static final CUdeviceptr NULL = new CUdeviceptr();

    /** A pointer for the driver to fill in ({@code cuMemAlloc}). */
    DevicePointer() {
    }

    /** The pointer at {@code address}: JCuda adds a pointer's byte offset to its base, here 0. */
    DevicePointer(long address) {
        super(NULL, address);
    }

    /** The device address. */
    long address() {
        return getNativePointer() + getByteOffset();
    }
}
