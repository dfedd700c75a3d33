package org.dadda.cuda;

import java.util.List;

/**
 * A kernel the Java side launches: its PTX entry name and parameter list, declared once in
 * {@link Kernels}. {@link KernelArgs} are checked against it before every launch, and a test
 * checks every spec against the {@code .entry} declarations of the committed PTX.
 *
 * @param name   the {@code extern "C"} name of the {@code __global__} function
 * @param params its parameters in order
 */
public record KernelSpec(String name, List<Param> params) {

    /** A spec of {@code name} with {@code params}. */
    public static KernelSpec of(String name, Param... params) {
        return new KernelSpec(name, List.of(params));
    }

    /** Copies the parameter list. */
    public KernelSpec {
        params = List.copyOf(params);
    }
}
