package org.dadda.nn.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * Adam with PyTorch's {@code torch.optim.Adam} rule (weight decay added to the gradient, an L2
 * penalty); {@link AdamW} is the decoupled variant. Each parameter keeps its own step count, as
 * PyTorch does. State: {@code <parameter>.step} (a float scalar), {@code <parameter>.exp_avg},
 * {@code <parameter>.exp_avg_sq}.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<String, Moments> state = new HashMap<>();

    /** The moments of one parameter. */
    private static final class Moments {
        long step;
        final Tensor m;
        final Tensor v;

        Moments(long step, Tensor m, Tensor v) {
            this.step = step;
            this.m = m;
            this.v = v;
        }
    }

    /** Adam over the parameters of {@code module} with betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(Module module, double lr) {
        this(of(module), lr, 0.9, 0.999, 1e-8, 0);
    }

    /** Adam with every option of {@code torch.optim.Adam} except amsgrad. */
    public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    /** Adam or, with {@code decoupled}, AdamW. */
    Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
         boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), eps and weight decay >= 0; got betas ("
                    + beta1 + ", " + beta2 + "), eps " + eps + ", weight decay " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    public void step() {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : parameters().entrySet()) {
                Tensor p = e.getValue().value();
                Tensor g = e.getValue().grad();
                if (g == null) {
                    continue;
                }
                Moments s = state.computeIfAbsent(e.getKey(), k -> new Moments(0, Tensor.zerosLike(p), Tensor.zerosLike(p)));
                s.step++;
                p.adamStepInPlace(g, s.m, s.v, s.step, lr(), beta1, beta2, eps, weightDecay, decoupled);
            }
        }
    }

    /** The number of steps taken on parameter {@code name} (0 before its first). */
    public long stepCount(String name) {
        Moments s = state.get(name);
        return s == null ? 0 : s.step;
    }

    @Override
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (String name : parameters().keySet()) {
            Moments s = state.get(name);
            if (s != null) {
                out.put(name + ".step", Tensor.scalar(s.step));
                out.put(name + ".exp_avg", s.m.copy());
                out.put(name + ".exp_avg_sq", s.v.copy());
            }
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> loaded) {
        Map<String, Long> steps = new HashMap<>();
        Map<String, Tensor> ms = new HashMap<>();
        Map<String, Tensor> vs = new HashMap<>();
        for (var e : loaded.entrySet()) {
            String[] kv = splitKey(e.getKey(), "step", "exp_avg", "exp_avg_sq");
            switch (kv[1]) {
                case "step" -> {
                    float f = e.getValue().item();
                    if (!(f >= 1) || f != Math.rint(f)) {
                        throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: '" + e.getKey()
                                + "' must be a positive whole number, got " + f);
                    }
                    steps.put(kv[0], (long) f);
                }
                case "exp_avg" -> ms.put(kv[0], copyLike(e.getKey(), kv[0], e.getValue()));
                default -> vs.put(kv[0], copyLike(e.getKey(), kv[0], e.getValue()));
            }
        }
        if (!steps.keySet().equals(ms.keySet()) || !steps.keySet().equals(vs.keySet())) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ".loadStateDict: every parameter needs step, exp_avg and exp_avg_sq together; got steps for "
                    + steps.keySet() + ", exp_avg for " + ms.keySet() + ", exp_avg_sq for " + vs.keySet());
        }
        state.clear();
        for (String name : steps.keySet()) {
            state.put(name, new Moments(steps.get(name), ms.get(name), vs.get(name)));
        }
    }
}
