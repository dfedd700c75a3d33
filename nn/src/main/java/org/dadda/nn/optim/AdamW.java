package org.dadda.nn.optim;

import java.util.Map;
import org.dadda.nn.Module;
import org.dadda.nn.Parameter;

/**
 * AdamW with PyTorch's {@code torch.optim.AdamW} rule: the weight decay shrinks the parameter
 * by {@code 1 - lr wd} before the Adam update instead of entering the gradient. Same state keys
 * as {@link Adam}.
 */
public final class AdamW extends Adam {
    /** AdamW over the parameters of {@code module} with betas (0.9, 0.999), eps 1e-8, weight decay 0.01 (PyTorch's defaults). */
    public AdamW(Module module, double lr) {
        this(of(module), lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /** AdamW with every option of {@code torch.optim.AdamW} except amsgrad. */
    public AdamW(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, true);
    }
}
