package org.dadda.tensor;

/**
 * What one fused Adam/AdamW step needs besides the tensors (PyTorch's update rule; Kingma and Ba
 * 2015, Loshchilov and Hutter 2019 for the decoupled decay).
 *
 * @param lr          learning rate
 * @param beta1       first-moment decay
 * @param beta2       second-moment decay
 * @param eps         added to the denominator
 * @param weightDecay L2 penalty (Adam) or decoupled decay (AdamW)
 * @param decoupled   AdamW's decoupled weight decay instead of Adam's L2 term
 * @param bc1         first bias correction {@code 1 - beta1^t}
 * @param bc2         second bias correction {@code 1 - beta2^t}
 */
public record AdamHyperparameters(double lr, double beta1, double beta2, double eps, double weightDecay,
                                  boolean decoupled, double bc1, double bc2) {
}
