package org.dadda.cuda;

/**
 * The one way the op classes launch a kernel: the arguments are checked against the kernel's
 * {@link KernelSpec} (a mismatch names the kernel and the argument) before the device sees them.
 */
final class Launcher {
    private final Device device;

    Launcher(Device device) {
        this.device = device;
    }

    /** Launches {@code spec} over {@code geometry} with {@code args}. */
    void launch(KernelSpec spec, LaunchGeometry geometry, KernelArgs args) {
        args.checkAgainst(spec);
        device.launch(spec, geometry, args);
    }
}
