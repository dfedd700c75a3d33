package org.dadda.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Which backend new tensors are created on: a process-wide default (the CPU backend, or the one
 * named by the system property {@code dadda.backend}: {@code cpu}, {@code reference}, or any
 * other {@link BackendProvider} on the class path), which a thread can override for a scope with
 * {@link #use(Backend)}.
 */
public final class Backends {
    private static volatile Backend defaultBackend = byName(System.getProperty("dadda.backend", "cpu"));
    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();

    private Backends() {
    }

    /**
     * The backend by name: {@code cpu}, {@code reference} or another registered provider's.
     *
     * @throws IllegalArgumentException naming the known backends when none has that name
     */
    public static Backend byName(String name) {
        List<String> known = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.backend();
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (dadda.backend): expected one of " + known);
    }

    /** The backend new tensors of this thread are created on. */
    public static Backend current() {
        Backend b = OVERRIDE.get();
        return b != null ? b : defaultBackend;
    }

    /** Sets the process-wide default backend. */
    public static void setDefault(Backend b) {
        defaultBackend = b;
    }

    /** Makes {@code b} this thread's backend until the returned scope is closed. */
    public static Scope use(Backend b) {
        Backend prev = OVERRIDE.get();
        OVERRIDE.set(b);
        return () -> {
            if (prev == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(prev);
            }
        };
    }

    /** A scope closed by try-with-resources. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
