package org.dadda.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * An exponential moving average of a module's weights: after each optimizer step,
 * {@link #update()} moves every shadow parameter towards the live one,
 * {@code shadow = decay * shadow + (1 - decay) * param}, and copies the buffers (batch-norm
 * statistics) as they are. The shadow weights serve evaluation and sampling: copy them into a
 * second module of the same architecture with {@link #copyTo(Module)}, or swap them into the live
 * one for a while with {@link #swapIn()}.
 */
public final class Ema {
    /** The decay the paper uses. */
    public static final double PAPER_DECAY = 0.995;

    private final Module model;
    private final double decay;
    private final LinkedHashMap<String, Tensor> shadow = new LinkedHashMap<>();
    private final Map<String, Parameter> params;
    private long updates;

    /** An average of {@code model}'s weights with {@code decay} in [0, 1), starting from their current values. */
    public Ema(Module model, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("Ema: decay must be in [0, 1), got " + decay);
        }
        this.model = model;
        this.decay = decay;
        this.params = model.namedParameters();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : model.stateDict().entrySet()) {
                shadow.put(e.getKey(), e.getValue().detach().copy());
            }
        }
    }

    /** Moves the shadow weights one step towards the live ones. */
    public void update() {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : model.stateDict().entrySet()) {
                Tensor s = shadow.get(e.getKey());
                if (params.containsKey(e.getKey())) {
                    s.mulInPlace(decay);
                    s.addInPlace(e.getValue().detach(), 1 - decay);
                } else {
                    s.copyFrom(e.getValue());
                }
            }
        }
        updates++;
    }

    /** The decay. */
    public double decay() {
        return decay;
    }

    /** Number of updates so far. */
    public long updates() {
        return updates;
    }

    /** The shadow state (parameters and buffers by name; live tensors, read-only map). */
    public Map<String, Tensor> shadow() {
        return Collections.unmodifiableMap(shadow);
    }

    /** Loads the shadow weights into {@code target}, a module of the same architecture (strict names). */
    public void copyTo(Module target) {
        target.loadStateDict(shadow, true);
    }

    /**
     * Puts the shadow weights into the live model until the returned scope is closed, when the
     * live weights come back unchanged. Do not step the optimizer inside the scope.
     */
    public Swap swapIn() {
        LinkedHashMap<String, Tensor> live = new LinkedHashMap<>();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : model.stateDict().entrySet()) {
                live.put(e.getKey(), e.getValue().detach().copy());
            }
        }
        model.loadStateDict(shadow, true);
        return () -> model.loadStateDict(live, true);
    }

    /** A scope during which the model holds the shadow weights. */
    public interface Swap extends AutoCloseable {
        /** Restores the live weights. */
        @Override
        void close();
    }

    /** Copies of the state for checkpoints: {@code shadow.<name>} entries and {@code updates}. */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        shadow.forEach((k, v) -> out.put("shadow." + k, v.copy()));
        out.put("updates", Tensor.scalar(updates));
        return out;
    }

    /** Restores a state written by {@link #stateDict()}; names and shapes must match the model exactly. */
    public void loadStateDict(Map<String, Tensor> state) {
        LinkedHashMap<String, Tensor> sh = new LinkedHashMap<>();
        Tensor u = null;
        for (var e : state.entrySet()) {
            if (e.getKey().equals("updates")) {
                u = e.getValue();
            } else if (e.getKey().startsWith("shadow.")) {
                sh.put(e.getKey().substring("shadow.".length()), e.getValue());
            } else {
                throw new IllegalArgumentException("Ema.loadStateDict: unexpected key '" + e.getKey() + "'");
            }
        }
        if (u == null || !sh.keySet().equals(shadow.keySet())) {
            throw new IllegalArgumentException("Ema.loadStateDict: need 'updates' and shadow entries for exactly "
                    + shadow.keySet() + ", got " + state.keySet());
        }
        for (var e : sh.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue().shape(), shadow.get(e.getKey()).shape())) {
                throw new IllegalArgumentException("Ema.loadStateDict: 'shadow." + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", model has "
                        + java.util.Arrays.toString(shadow.get(e.getKey()).shape()));
            }
        }
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            sh.forEach((k, v) -> shadow.get(k).copyFrom(v));
        }
        updates = (long) u.item();
    }
}
