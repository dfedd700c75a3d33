package org.dadda.tensor.cpu.norm;

import org.dadda.tensor.cpu.KernelSet;
import static org.dadda.tensor.cpu.KernelTestSupport.assertBitsEqual;
import static org.dadda.tensor.cpu.KernelTestSupport.assertClose;
import static org.dadda.tensor.cpu.KernelTestSupport.kernelSets;
import static org.dadda.tensor.cpu.KernelTestSupport.random;
import static org.dadda.tensor.cpu.KernelTestSupport.withThreads;

import org.junit.jupiter.api.Test;

/**
 * Group and batch normalisation of both kernel families against a float64 reference of the textbook
 * formulas; odd plane sizes exercise the vector tails, an input offset the addressing, and two
 * thread counts the fixed summation order.
 */
class NormKernelTest {
    private static final int N = 3;
    private static final int C = 6;
    private static final int HW = 37;
    private static final int OFF = 5;
    private static final float EPS = 1e-5f;

    /** Reference forward and backward over "sets" of (image, channel) planes normalised together. */
    private static final class Reference {
        final double[] y = new double[N * C * HW];
        final double[] gx = new double[N * C * HW];
        final double[] ggamma = new double[C];
        final double[] gbeta = new double[C];

        Reference(float[] x, float[] gamma, float[] beta, float[] gy, int[][] sets) {
            for (int[] planes : sets) {
                int count = planes.length * HW;
                double mu = 0;
                for (int p : planes) {
                    for (int i = 0; i < HW; i++) {
                        mu += x[OFF + p * HW + i];
                    }
                }
                mu /= count;
                double var = 0;
                for (int p : planes) {
                    for (int i = 0; i < HW; i++) {
                        double d = x[OFF + p * HW + i] - mu;
                        var += d * d;
                    }
                }
                double rs = 1 / Math.sqrt(var / count + EPS);
                double sumD = 0;
                double sumDX = 0;
                for (int p : planes) {
                    int ch = p % C;
                    for (int i = 0; i < HW; i++) {
                        double xh = (x[OFF + p * HW + i] - mu) * rs;
                        y[p * HW + i] = xh * gamma[ch] + beta[ch];
                        double g = gy[p * HW + i];
                        ggamma[ch] += g * xh;
                        gbeta[ch] += g;
                        sumD += g * gamma[ch];
                        sumDX += g * gamma[ch] * xh;
                    }
                }
                for (int p : planes) {
                    int ch = p % C;
                    for (int i = 0; i < HW; i++) {
                        double xh = (x[OFF + p * HW + i] - mu) * rs;
                        gx[p * HW + i] = rs * (gy[p * HW + i] * gamma[ch] - sumD / count - xh * sumDX / count);
                    }
                }
            }
        }
    }

    private static float[] input() {
        float[] x = random(OFF + N * C * HW, 1);
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 + 2 * x[i]; // a mean away from zero, as after a biased convolution
        }
        return x;
    }

    @Test
    void groupNormMatchesTheFormulaInBothFamilies() {
        int groups = 3;
        int cg = C / groups;
        int[][] sets = new int[N * groups][];
        for (int b = 0; b < N; b++) {
            for (int g = 0; g < groups; g++) {
                int[] planes = new int[cg];
                for (int k = 0; k < cg; k++) {
                    planes[k] = b * C + g * cg + k;
                }
                sets[b * groups + g] = planes;
            }
        }
        check(true, groups, sets);
    }

    @Test
    void batchNormMatchesTheFormulaInBothFamilies() {
        int[][] sets = new int[C][N];
        for (int ch = 0; ch < C; ch++) {
            for (int b = 0; b < N; b++) {
                sets[ch][b] = b * C + ch;
            }
        }
        check(false, 0, sets);
    }

    private static void check(boolean group, int groups, int[][] sets) {
        float[] x = input();
        float[] gamma = random(C, 2);
        float[] beta = random(C, 3);
        float[] gy = random(N * C * HW, 4);
        Reference ref = new Reference(x, gamma, beta, gy, sets);
        for (KernelSet set : kernelSets()) {
            NormKernel kernel = set.norm();
            float[][] one = run(kernel, group, groups, x, gamma, beta, gy, 1);
            float[][] two = run(kernel, group, groups, x, gamma, beta, gy, 2);
            String what = (group ? "group" : "batch") + " norm, " + set;
            assertClose(what + " y", ref.y, null, one[0], 0, 1, ref.y.length, ref.y.length, 1e-5, 1e-5);
            assertClose(what + " gx", ref.gx, null, one[1], 0, 1, ref.gx.length, ref.gx.length, 1e-4, 1e-5);
            assertClose(what + " ggamma", ref.ggamma, null, one[2], 0, 1, C, C, 1e-4, 1e-4);
            assertClose(what + " gbeta", ref.gbeta, null, one[3], 0, 1, C, C, 1e-5, 1e-5);
            for (int k = 0; k < one.length; k++) {
                assertBitsEqual(what + " output " + k + " at 1 vs 2 threads", one[k], two[k]);
            }
        }
    }

    private static float[][] run(NormKernel kernel, boolean group, int groups, float[] x, float[] gamma, float[] beta,
                                 float[] gy, int threads) {
        float[] y = new float[N * C * HW];
        float[] gx = new float[N * C * HW];
        float[] ggamma = new float[C];
        float[] gbeta = new float[C];
        int stats = group ? N * groups : C;
        float[] mean = new float[stats];
        float[] rstd = new float[stats];
        withThreads(threads, () -> {
            if (group) {
                kernel.groupNorm(x, OFF, N, C, HW, groups, gamma, beta, EPS, y, mean, rstd);
                kernel.groupNormBackward(x, OFF, N, C, HW, groups, gamma, mean, rstd, gy, 0, gx, ggamma, gbeta);
            } else {
                kernel.batchNorm(x, OFF, N, C, HW, gamma, beta, EPS, y, mean, rstd);
                kernel.batchNormBackward(x, OFF, N, C, HW, gamma, mean, rstd, gy, 0, gx, ggamma, gbeta);
            }
        });
        return new float[][] {y, gx, ggamma, gbeta};
    }
}
