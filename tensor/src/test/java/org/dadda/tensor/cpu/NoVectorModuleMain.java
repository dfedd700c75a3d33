package org.dadda.tensor.cpu;

import org.dadda.tensor.cpu.support.KernelConfig;

/**
 * Entry point that {@link KernelConfigTest} runs in a JVM started without
 * {@code --add-modules jdk.incubator.vector}: prints the chosen path and checks one small product.
 */
public final class NoVectorModuleMain {

    private NoVectorModuleMain() {
    }

    /** Prints {@code simd=<bool> module=<bool> ok=<bool>}. */
    public static void main(String[] args) {
        float[] a = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] b = {1f, 0f, 0f, 1f, 1f, 1f};
        float[] c = new float[4];
        KernelSet.active().gemm().sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        boolean ok = c[0] == 4f && c[1] == 5f && c[2] == 10f && c[3] == 11f;
        System.out.println("simd=" + KernelConfig.simdEnabled() + " module=" + KernelConfig.vectorModulePresent() + " ok=" + ok);
    }
}
