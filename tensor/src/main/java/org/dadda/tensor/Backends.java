package org.dadda.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Which backend new tensors are created on: a process-wide default (the CPU backend, or the one
 * named by the system property {@code dadda.backend}: {@code cpu}, {@code reference}, any other
 * {@link BackendProvider} on the class path, or {@code auto}, see {@link #auto}), which a thread
 * can override for a scope with {@link #use(Backend)}.
 */
public final class Backends {
    /** The name of the GPU backend that {@code auto} prefers (dadda-native registers it). */
    private static final String GPU = "cuda";

    private static volatile Backend defaultBackend = byName(System.getProperty("dadda.backend", "cpu"));
    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();

    private Backends() {
    }

    /**
     * The backend by name: {@code cpu}, {@code reference} or another registered provider's, or
     * {@code auto} ({@link #auto}, its choice reported on standard error: once per process for the
     * default backend).
     *
     * @throws IllegalArgumentException naming the known backends when none has that name
     */
    public static Backend byName(String name) {
        if ("auto".equals(name)) {
            return auto(line -> System.err.println("dadda: " + line));
        }
        List<String> known = new ArrayList<>();
        BackendProvider p = provider(name, known);
        if (p == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "' (dadda.backend): expected one of " + known
                    + " or auto");
        }
        return p.backend();
    }

    /** The provider registered as {@code name}, or null after adding every registered name to {@code known}. */
    private static BackendProvider provider(String name, List<String> known) {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
            known.add(p.name());
        }
        return null;
    }

    /**
     * What {@code dadda.backend=auto} picks: the {@code cuda} backend when its provider is on the
     * class path (dadda-native) and a device initialises, else {@code cpu}. A GPU backend that
     * cannot start says why by throwing from {@link BackendProvider#backend()}; that reason is
     * passed on, not thrown.
     *
     * @param report receives one line saying which backend was picked and, for cpu, why not cuda
     */
    public static Backend auto(Consumer<String> report) {
        BackendProvider gpu = provider(GPU, new ArrayList<>());
        String why;
        if (gpu == null) {
            why = "no " + GPU + " backend on the class path";
        } else {
            try {
                Backend b = gpu.backend();
                report.accept("backend auto: " + GPU + " (" + b + ")");
                return b;
            } catch (RuntimeException | LinkageError e) {
                why = e.getMessage();
            }
        }
        Backend cpu = byName("cpu");
        report.accept("backend auto: cpu (" + why + ")");
        return cpu;
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
