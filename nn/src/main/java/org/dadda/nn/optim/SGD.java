package org.dadda.nn.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} rule:
 * {@code d = g + wd p}; with momentum, {@code b = d} on the first step, then
 * {@code b = mu b + (1 - dampening) d}; {@code d = d + mu b} (Nesterov) or {@code d = b};
 * {@code p -= lr d}. State: {@code <parameter>.momentum_buffer}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final Map<String, Tensor> buffers = new HashMap<>();

    /** Plain SGD over the parameters of {@code module}. */
    public SGD(Module module, double lr) {
        this(of(module), lr, 0, 0, 0, false);
    }

    /** SGD with momentum (no dampening, no weight decay, not Nesterov) over {@code module}. */
    public SGD(Module module, double lr, double momentum) {
        this(of(module), lr, momentum, 0, 0, false);
    }

    /** SGD with every option of {@code torch.optim.SGD}. */
    public SGD(Map<String, Parameter> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        super(params, lr);
        if (!(momentum >= 0) || !(weightDecay >= 0) || Double.isNaN(dampening)) {
            throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0, got momentum " + momentum
                    + ", weight decay " + weightDecay + ", dampening " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    public void step() {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            for (var e : parameters().entrySet()) {
                Tensor p = e.getValue().value();
                Tensor d = e.getValue().grad();
                if (d == null) {
                    continue;
                }
                if (weightDecay != 0) {
                    d = d.add(p.mul(weightDecay));
                }
                if (momentum != 0) {
                    Tensor buf = buffers.get(e.getKey());
                    if (buf == null) {
                        buf = d.copy();
                        buffers.put(e.getKey(), buf);
                    } else {
                        buf.mulInPlace(momentum);
                        buf.addInPlace(d, 1 - dampening);
                    }
                    d = nesterov ? d.add(buf.mul(momentum)) : buf;
                }
                p.addInPlace(d, -lr());
            }
        }
    }

    @Override
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (String name : parameters().keySet()) {
            Tensor buf = buffers.get(name);
            if (buf != null) {
                out.put(name + ".momentum_buffer", buf.copy());
            }
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> loaded = new HashMap<>();
        for (var e : state.entrySet()) {
            String name = splitKey(e.getKey(), "momentum_buffer")[0];
            loaded.put(name, copyLike(e.getKey(), name, e.getValue()));
        }
        buffers.clear();
        buffers.putAll(loaded);
    }
}
