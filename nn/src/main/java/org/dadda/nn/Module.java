package org.dadda.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * A building block of a network: owns named {@link Parameter}s, buffers (state that is saved
 * but not trained, such as batch-norm running statistics) and child modules. Names are
 * hierarchical, {@code child.grandchild.weight}, and for an architecture that mirrors a PyTorch
 * one they equal the keys of its {@code state_dict}.
 *
 * <p>Subclasses register everything in their constructor with {@link #param}, {@link #buffer}
 * and {@link #child}, in the order PyTorch would.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter initialised with {@code init}. */
    protected final Parameter param(String name, Tensor init) {
        checkName(name);
        Parameter p = new Parameter(init);
        params.put(name, p);
        return p;
    }

    /** Registers a buffer. */
    protected final Tensor buffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || params.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException("invalid or duplicate member name '" + name + "' in " + getClass().getSimpleName());
        }
    }

    /** The direct children, in registration order. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Whether the module is in training mode (dropout active, batch statistics used). */
    public boolean isTraining() {
        return training;
    }

    /** Sets training mode on this module and all descendants; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    /** Evaluation mode; returns this. */
    public Module eval() {
        return train(false);
    }

    /** All parameters with hierarchical names, in registration order (depth first). */
    public LinkedHashMap<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        collectParams("", out);
        return out;
    }

    private void collectParams(String prefix, Map<String, Parameter> out) {
        params.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, c) -> c.collectParams(prefix + n + ".", out));
    }

    /** All parameters, in registration order. */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Parameters and buffers by hierarchical name, as PyTorch's {@code state_dict} (live tensors, not copies). */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        params.forEach((n, p) -> out.put(prefix + n, p.value()));
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.collectState(prefix + n + ".", out));
    }

    /**
     * Copies {@code state} into this module's parameters and buffers. With {@code strict}, every
     * name must match exactly; in any mode a shape mismatch fails. Nothing is copied unless the
     * whole state fits: the error lists every missing, unexpected and mis-shaped entry.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                misShaped.add(e.getKey() + " (expected " + Arrays.toString(e.getValue().shape()) + ", got "
                        + Arrays.toString(src.shape()) + ")");
            }
        }
        for (String k : state.keySet()) {
            if (!own.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (!misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("loadStateDict into " + getClass().getSimpleName() + " failed:");
            if (!missing.isEmpty()) {
                sb.append("\n  missing: ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                sb.append("\n  unexpected: ").append(unexpected);
            }
            if (!misShaped.isEmpty()) {
                sb.append("\n  wrong shape: ").append(misShaped);
            }
            throw new IllegalArgumentException(sb.toString());
        }
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copyFrom(src);
                }
            }
        }
    }
}
