package org.dadda.tensor.cpu.norm;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.rows.RowOps;
import org.dadda.tensor.parallel.Parallel;

/**
 * Group and batch normalisation over NCHW float arrays, forward and backward, parallel over
 * (image, group) pairs and over channels respectively. Each pass over one channel of one image is
 * a {@link RowOps} call, and those partial sums are added in double in a fixed order, so results
 * depend on the kernel family (vector or scalar) but not on the thread count.
 */
public final class NormKernel {
    private final RowOps rows;

    /** Normalisation on the row primitives {@code rows}. */
    public NormKernel(RowOps rows) {
        this.rows = rows;
    }

    private static int grain(int count) {
        return Math.max(1, 16384 / Math.max(1, count));
    }

    /**
     * {@code y = (x - mean) * rstd * gamma + beta} per (image, group) of {@code x [n, c, hw]};
     * saves {@code mean[n * groups]} and {@code rstd[n * groups]} for the backward pass.
     * {@code gamma}, {@code beta} may be null (1 and 0).
     */
    public void groupNorm(float[] x, int xOff, int n, int c, int hw, int groups, float[] gamma, float[] beta, float eps,
                        float[] y, float[] mean, float[] rstd) {
        int cg = c / groups;
        int count = cg * hw;
        Parallel.forRange(n * groups, grain(count), (s, e) -> {
            for (int ng = s; ng < e; ng++) {
                int g = ng % groups;
                int base = ng * count;
                double sum = 0;
                for (int ci = 0; ci < cg; ci++) {
                    sum += rows.sum(x, xOff + base + ci * hw, hw);
                }
                float mu = (float) (sum / count);
                double ss = 0;
                for (int ci = 0; ci < cg; ci++) {
                    ss += rows.sumSquaredDeviations(x, xOff + base + ci * hw, hw, mu);
                }
                float rs = (float) (1 / Math.sqrt(ss / count + eps));
                mean[ng] = mu;
                rstd[ng] = rs;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    float scale = rs * (gamma == null ? 1 : gamma[ch]);
                    float shift = (beta == null ? 0 : beta[ch]) - mu * scale;
                    rows.affine(x, xOff + base + ci * hw, y, base + ci * hw, hw, scale, shift);
                }
            }
        });
    }

    /**
     * Gradients of {@link #groupNorm}: {@code gx} (overwritten) and, where not null, {@code ggamma} and
     * {@code gbeta} (overwritten, summed over the batch in image order).
     */
    public void groupNormBackward(float[] x, int xOff, int n, int c, int hw, int groups, float[] gamma, float[] mean,
                         float[] rstd, float[] gy, int gyOff, float[] gx, float[] ggamma, float[] gbeta) {
        int cg = c / groups;
        int count = cg * hw;
        // Per-(image, channel) partial sums first, so that the gamma/beta gradients can be summed
        // over the batch in a fixed order.
        float[] dgPart = new float[n * c];
        float[] dbPart = new float[n * c];
        Parallel.forRange(n * groups, grain(count), (s, e) -> {
            for (int ng = s; ng < e; ng++) {
                int b = ng / groups;
                int g = ng % groups;
                int base = ng * count;
                float mu = mean[ng];
                float rs = rstd[ng];
                double sumD = 0;
                double sumDX = 0;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    float ga = gamma == null ? 1 : gamma[ch];
                    int o = base + ci * hw;
                    float sg = rows.sum(gy, gyOff + o, hw);
                    float sgx = rs * rows.dotShifted(gy, gyOff + o, x, xOff + o, hw, mu);
                    dgPart[b * c + ch] = sgx;
                    dbPart[b * c + ch] = sg;
                    sumD += (double) sg * ga;
                    sumDX += (double) sgx * ga;
                }
                float mD = (float) (sumD / count);
                float mDX = (float) (sumDX / count);
                // gx = rs * (gy * gamma - mD - xhat * mDX), xhat = (x - mu) * rs, as one combine per channel.
                float bx = -rs * rs * mDX;
                float c0 = rs * rs * mDX * mu - rs * mD;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    float ga = gamma == null ? 1 : gamma[ch];
                    int o = base + ci * hw;
                    rows.combine(gy, gyOff + o, x, xOff + o, gx, o, hw, rs * ga, bx, c0);
                }
            }
        });
        if (ggamma != null || gbeta != null) {
            for (int ch = 0; ch < c; ch++) {
                float sg = 0;
                float sb = 0;
                for (int b = 0; b < n; b++) {
                    sg += dgPart[b * c + ch];
                    sb += dbPart[b * c + ch];
                }
                if (ggamma != null) {
                    ggamma[ch] = sg;
                }
                if (gbeta != null) {
                    gbeta[ch] = sb;
                }
            }
        }
    }

    /**
     * Batch normalisation with batch statistics: {@code y = (x - mean) * rstd * gamma + beta} per
     * channel over all images and pixels of {@code x [n, c, hw]}; saves {@code mean[c]} and the biased
     * {@code rstd[c]}.
     */
    public void batchNorm(float[] x, int xOff, int n, int c, int hw, float[] gamma, float[] beta, float eps, float[] y,
                          float[] mean, float[] rstd) {
        int count = n * hw;
        Parallel.forRange(c, 1, (s, e) -> {
            for (int ch = s; ch < e; ch++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    sum += rows.sum(x, xOff + (b * c + ch) * hw, hw);
                }
                float mu = (float) (sum / count);
                double ss = 0;
                for (int b = 0; b < n; b++) {
                    ss += rows.sumSquaredDeviations(x, xOff + (b * c + ch) * hw, hw, mu);
                }
                float rs = (float) (1 / Math.sqrt(ss / count + eps));
                mean[ch] = mu;
                rstd[ch] = rs;
                float scale = rs * (gamma == null ? 1 : gamma[ch]);
                float shift = (beta == null ? 0 : beta[ch]) - mu * scale;
                for (int b = 0; b < n; b++) {
                    int o = (b * c + ch) * hw;
                    rows.affine(x, xOff + o, y, o, hw, scale, shift);
                }
            }
        });
    }

    /**
     * Gradients of {@link #batchNorm}: {@code gx} (overwritten) and, where not null, {@code ggamma} and
     * {@code gbeta} (overwritten).
     */
    public void batchNormBackward(float[] x, int xOff, int n, int c, int hw, float[] gamma, float[] mean,
                                  float[] rstd, float[] gy, int gyOff, float[] gx, float[] ggamma, float[] gbeta) {
        int count = n * hw;
        Parallel.forRange(c, 1, (s, e) -> {
            for (int ch = s; ch < e; ch++) {
                float mu = mean[ch];
                float rs = rstd[ch];
                float ga = gamma == null ? 1 : gamma[ch];
                double sg = 0;
                double sgx = 0;
                for (int b = 0; b < n; b++) {
                    int o = (b * c + ch) * hw;
                    sg += rows.sum(gy, gyOff + o, hw);
                    sgx += rows.dotShifted(gy, gyOff + o, x, xOff + o, hw, mu);
                }
                sgx *= rs;
                if (ggamma != null) {
                    ggamma[ch] = (float) sgx;
                }
                if (gbeta != null) {
                    gbeta[ch] = (float) sg;
                }
                float mD = (float) (sg * ga / count);
                float mDX = (float) (sgx * ga / count);
                float bx = -rs * rs * mDX;
                float c0 = rs * rs * mDX * mu - rs * mD;
                for (int b = 0; b < n; b++) {
                    int o = (b * c + ch) * hw;
                    rows.combine(gy, gyOff + o, x, xOff + o, gx, o, hw, rs * ga, bx, c0);
                }
            }
        });
    }
}
