package org.dadda.cuda;

import java.lang.ref.Cleaner;

/**
 * One block of device memory. The JVM cannot see device memory, so a buffer is freed by a
 * {@link Cleaner} once no storage refers to it; an allocation that fails for want of memory asks
 * for a garbage collection (which runs those cleaners) and tries once more before giving up.
 * Freeing cannot pull memory from under a queued kernel: {@code cuMemFree} waits for the work
 * queued before it.
 */
final class DeviceBuffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final long address;
    private final long bytes;

    private DeviceBuffer(long address, long bytes) {
        this.address = address;
        this.bytes = bytes;
    }

    /** {@code bytes} of device memory, contents unspecified; 0 bytes gives a buffer at address 0. */
    static DeviceBuffer allocate(Device device, long bytes) {
        if (bytes == 0) {
            return new DeviceBuffer(0, 0);
        }
        long address;
        try {
            address = device.allocate(bytes);
        } catch (Device.OutOfDeviceMemory e) {
            collectGarbage();
            try {
                address = device.allocate(bytes);
            } catch (Device.OutOfDeviceMemory again) {
                throw new IllegalStateException("cuda backend: out of device memory allocating " + bytes + " bytes on "
                        + device.describe() + " (after a garbage collection freed unreachable tensors)", again);
            }
        }
        DeviceBuffer buffer = new DeviceBuffer(address, bytes);
        CLEANER.register(buffer, new Free(device, address));
        return buffer;
    }

    private static void collectGarbage() {
        System.gc();
        try {
            // Cleaners run on their own thread after the collection; give them a moment.
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The device address of byte {@code byteOffset}. */
    long address(long byteOffset) {
        return address + byteOffset;
    }

    /** Size in bytes. */
    long bytes() {
        return bytes;
    }

    /** Frees the memory; holds no reference to the buffer, or the buffer would never become unreachable. */
    private record Free(Device device, long address) implements Runnable {
        @Override
        public void run() {
            device.free(address);
        }
    }
}
