package org.dadda.tensor;

/**
 * A named backend that {@link Backends#byName} can find, registered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.dadda.tensor.BackendProvider}). The engine's own backends
 * ({@code cpu}, {@code reference}) are registered this way, so the tensor core refers to no
 * backend implementation, and a backend in another module (such as a CUDA one) is found the
 * same way once its jar is on the class path.
 */
public interface BackendProvider {
    /** The name {@code dadda.backend} selects it by, e.g. {@code cpu}. */
    String name();

    /** The backend (one instance per process). */
    Backend backend();
}
