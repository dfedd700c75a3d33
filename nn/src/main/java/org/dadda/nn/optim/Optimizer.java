package org.dadda.nn.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Tensor;

/**
 * Updates a set of named parameters from their gradients. Parameters whose gradient is null are
 * skipped, as in PyTorch. The per-parameter state (step counts, moments, momentum buffers) is
 * exported by {@link #stateDict()} under {@code <parameter name>.<state name>} and restored by
 * {@link #loadStateDict(Map)}, so that training resumes exactly.
 */
public abstract class Optimizer {
    private final LinkedHashMap<String, Parameter> params;
    private double lr;

    /** An optimizer over {@code params} (name to parameter) with learning rate {@code lr}. */
    protected Optimizer(Map<String, Parameter> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        }
        this.params = new LinkedHashMap<>(params);
        setLr(lr);
    }

    /** The parameters of {@code module} by hierarchical name. */
    protected static Map<String, Parameter> of(Module module) {
        return module.namedParameters();
    }

    /** Applies one update to every parameter that has a gradient. */
    public abstract void step();

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : params.values()) {
            p.zeroGrad();
        }
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate used by the next steps (for schedules). */
    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got " + lr);
        }
        this.lr = lr;
    }

    /** The parameters, by name (read-only). */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(params);
    }

    /** Copies of the optimizer state, keyed {@code <parameter>.<state>}. */
    public abstract LinkedHashMap<String, Tensor> stateDict();

    /**
     * Replaces the optimizer state with copies of {@code state}, as written by
     * {@link #stateDict()}; every key must name a known parameter and state with the right shape.
     */
    public abstract void loadStateDict(Map<String, Tensor> state);

    /**
     * Splits {@code key} into a known parameter and a state name among {@code allowed};
     * throws naming the key otherwise.
     */
    protected final String[] splitKey(String key, String... allowed) {
        int dot = key.lastIndexOf('.');
        String name = dot < 0 ? "" : key.substring(0, dot);
        String what = key.substring(dot + 1);
        if (!params.containsKey(name) || !Arrays.asList(allowed).contains(what)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: unexpected key '" + key
                    + "' (expected <parameter>." + String.join("|", allowed) + ")");
        }
        return new String[] {name, what};
    }

    /** A fresh copy of {@code src} laid out like parameter {@code name}; throws on a shape mismatch. */
    protected final Tensor copyLike(String key, String name, Tensor src) {
        Tensor p = params.get(name).value();
        if (!Arrays.equals(p.shape(), src.shape())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: '" + key + "' has shape "
                    + Arrays.toString(src.shape()) + ", parameter has " + Arrays.toString(p.shape()));
        }
        Tensor t = Tensor.zerosLike(p);
        t.copyFrom(src);
        return t;
    }
}
