package org.dadda.augment.ops;

import org.dadda.tensor.cpu.support.KernelConfig;

/**
 * Loads a Vector API kernel class only when the engine's switch allows vectors (the
 * {@code jdk.incubator.vector} module is in the boot layer and {@code dadda.simd} is not
 * {@code false}: {@link KernelConfig}), so that this module follows the same switch as the tensor
 * kernels and also runs, on its plain-Java kernels, where the incubator module is not added.
 */
final class VectorSupport {

    private VectorSupport() {
    }

    /** Whether Vector API kernels may be used. */
    static boolean available() {
        return KernelConfig.simdEnabled();
    }

    /** An instance of {@code className} (a no-argument class of this package), or null when vectors are unavailable. */
    static <T> T load(String className, Class<T> type) {
        if (!available()) {
            return null;
        }
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
