package org.dadda.cuda;

/** int arrays in device memory: the indices of indexSelect/indexAdd going in, argmax results coming out. */
final class DeviceInts {
    private DeviceInts() {
    }

    /** A device copy of {@code values}. */
    static DeviceBuffer upload(Device device, int[] values) {
        DeviceBuffer b = DeviceBuffer.allocate(device, (long) values.length * Integer.BYTES);
        if (values.length > 0) {
            device.upload(b.address(0), values);
        }
        return b;
    }

    /** An uninitialised device array of {@code n} ints. */
    static DeviceBuffer allocate(Device device, int n) {
        return DeviceBuffer.allocate(device, (long) n * Integer.BYTES);
    }

    /** Copies the device array into {@code out} (waits for the kernels queued before it). */
    static void download(Device device, DeviceBuffer b, int[] out) {
        if (out.length > 0) {
            device.download(b.address(0), out);
        }
    }
}
