package org.dadda.tensor;

/** A {@link BackendProvider} for one backend instance under one name; subclasses add the no-argument constructor ServiceLoader needs. */
public abstract class NamedBackend implements BackendProvider {
    private final String name;
    private final Backend backend;

    /** {@code backend} under {@code name}. */
    protected NamedBackend(String name, Backend backend) {
        this.name = name;
        this.backend = backend;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Backend backend() {
        return backend;
    }
}
