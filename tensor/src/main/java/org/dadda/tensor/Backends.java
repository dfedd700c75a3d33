package org.dadda.tensor;

import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;

/**
 * Which backend new tensors are created on: a process-wide default (the CPU backend, or the one
 * named by the system property {@code dadda.backend}: {@code cpu} or {@code reference}), which a
 * thread can override for a scope with {@link #use(Backend)}.
 */
public final class Backends {
    private static volatile Backend defaultBackend = byName(System.getProperty("dadda.backend", "cpu"));
    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();

    private Backends() {
    }

    /** The backend by name: {@code cpu} or {@code reference}. */
    public static Backend byName(String name) {
        return switch (name) {
            case "cpu" -> CpuBackend.INSTANCE;
            case "reference" -> ReferenceBackend.INSTANCE;
            default -> throw new IllegalArgumentException("unknown backend '" + name + "' (dadda.backend): expected cpu or reference");
        };
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
