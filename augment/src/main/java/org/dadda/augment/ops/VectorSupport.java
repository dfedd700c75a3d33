package org.dadda.augment.ops;

/**
 * Loads a Vector API kernel class only when the {@code jdk.incubator.vector} module is in the
 * boot layer (and the system property {@code dadda.noVector} is not true), so that this module
 * also runs, on its plain-Java kernels, where the incubator module is not added.
 */
final class VectorSupport {

    private VectorSupport() {
    }

    /** Whether Vector API kernels may be used. */
    static boolean available() {
        return !Boolean.getBoolean("dadda.noVector") && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
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
