package org.dadda.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The arguments of one kernel launch, in order, as plain values: a device address as
 * {@link Long}, an {@link Integer}, a {@link Float} or a by-value struct as {@code int[]}. Kept
 * free of JCuda so that argument packing is tested on machines without a GPU; the
 * {@link Device} turns the values into its parameter buffer ({@link JCudaDevice}: the driver's
 * {@code void** kernelParams}).
 */
public final class KernelArgs {
    private final List<Object> values = new ArrayList<>();
    private final List<Param> types = new ArrayList<>();

    /** Appends a device address ({@code 0} for an absent optional operand). */
    public KernelArgs pointer(long address) {
        return add(address, Param.POINTER);
    }

    /** Appends the device address of a CUDA view's first element, or 0 when {@code view} is null. */
    public KernelArgs pointer(org.dadda.tensor.View view) {
        return pointer(view == null ? 0L : CudaStorage.of(view).address(view.offset()));
    }

    /** Appends a 32-bit int. */
    public KernelArgs i(int v) {
        return add(v, Param.INT);
    }

    /** Appends a boolean as the int 1 or 0 (kernels take no C++ bool, whose PTX size is one byte). */
    public KernelArgs flag(boolean v) {
        return i(v ? 1 : 0);
    }

    /** Appends a float; doubles from the SPI are rounded here, the only place they narrow. */
    public KernelArgs f(double v) {
        return add((float) v, Param.FLOAT);
    }

    /** Appends a struct of 32-bit fields passed by value. */
    public KernelArgs struct(int[] fields) {
        return add(fields.clone(), Param.struct(fields.length));
    }

    private KernelArgs add(Object v, Param type) {
        values.add(v);
        types.add(type);
        return this;
    }

    /** The values in order (read-only). */
    public List<Object> values() {
        return Collections.unmodifiableList(values);
    }

    /** The parameter types the values make, in order. */
    public List<Param> types() {
        return Collections.unmodifiableList(types);
    }

    /**
     * Checks that these arguments fit {@code spec}'s parameters.
     *
     * @throws IllegalArgumentException naming the kernel, the parameter index and both types
     */
    public void checkAgainst(KernelSpec spec) {
        if (types.size() != spec.params().size()) {
            throw new IllegalArgumentException("kernel " + spec.name() + " takes " + spec.params().size()
                    + " arguments, got " + types.size() + ": " + types);
        }
        for (int i = 0; i < types.size(); i++) {
            if (!types.get(i).equals(spec.params().get(i))) {
                throw new IllegalArgumentException("kernel " + spec.name() + " argument " + i + " is "
                        + spec.params().get(i) + ", got " + types.get(i));
            }
        }
    }
}
