package org.dadda.tensor.cpu.kernels;

import org.dadda.tensor.ConvGeometry;

/**
 * Static entry points for 2-d convolution and its gradients on float arrays, using the kernels chosen
 * by {@link KernelConfig}; see {@link Conv2dKernel} for the methods and their contracts.
 */
public final class ConvKernels {

    private static final Conv2dKernel ACTIVE = new Conv2dKernel(KernelSet.active(), KernelConfig.winogradEnabled());

    private ConvKernels() {
    }

    /** {@code y = conv2d(x, w) + bias} (bias nullable); see {@link Conv2dKernel#forward}. */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] y, int yOff) {
        ACTIVE.forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff);
    }

    /** Input gradient, {@code gx} overwritten; see {@link Conv2dKernel#backwardInput}. */
    public static void backwardInput(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        ACTIVE.backwardInput(g, gy, gyOff, w, wOff, gx, gxOff);
    }

    /** Weight gradient summed over the batch, {@code gw} overwritten; see {@link Conv2dKernel#backwardWeight}. */
    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        ACTIVE.backwardWeight(g, x, xOff, gy, gyOff, gw, gwOff);
    }
}
