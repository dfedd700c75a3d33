package org.dadda.tensor;

/**
 * A flat buffer of numbers owned by one {@link Backend}. Part of the backend SPI: tensors never
 * hand their storage out, so user code sees numbers only through explicit copies
 * ({@link Tensor#toArray()}, {@link Tensor#fromArray(float[], int...)}).
 *
 * <p>{@link #get(int)} and {@link #set(int, double)} are the slow, generic access path used by
 * reference kernels; fast kernels work on the concrete array of their own storage type.
 */
public abstract class Storage {

    /** Number of elements. */
    public abstract int length();

    /** Element {@code i} widened to double. */
    public abstract double get(int i);

    /** Stores {@code v} (rounded to the storage's precision) at {@code i}. */
    public abstract void set(int i, double v);

    /** The element type. */
    public abstract DType dtype();

    // ------------------------------------------------------------------ Workspace support

    /** Set once this storage may be read after backward (a detached alias, a kept gradient). */
    boolean pinned;
    /** Set once a recorded op's node owns this storage as its output. */
    boolean claimed;
    /** Why this storage was handed back to a {@link Workspace}; null while it is usable. */
    private String releasedBy;

    /**
     * A new storage over this one's buffer, for a {@link Workspace} to hand out again; afterwards
     * this storage is dead and every access throws. Returns null (the default) for a storage
     * whose buffer cannot be reused.
     */
    protected Storage handOver() {
        return null;
    }

    final void markReleased(String why) {
        releasedBy = why;
    }

    /** Whether this storage's buffer went back to a {@link Workspace}. */
    public final boolean isReleased() {
        return releasedBy != null;
    }

    /** The error for an access after {@link #handOver()}: names the op whose backward released it. */
    protected final IllegalStateException usedAfterRelease() {
        return new IllegalStateException("tensor storage of " + length() + " elements was handed back to its Workspace ("
                + releasedBy + "); read what you need before backward(), or detach() it to keep it");
    }
}
