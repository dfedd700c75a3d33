package org.dadda.tensor.cpu;

/**
 * float32 row-wise kernels (softmax, group normalisation), parallel over independent rows or groups.
 * Exponentials and logarithms use {@link StrictMath}, whose results do not depend on the JIT or CPU.
 */
final class RowKernels {
    private RowKernels() {
    }

    static void softmax(float[] x, int xOff, int rows, int cols, boolean log, float[] y) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = xOff + r * cols;
                float mx = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    mx = Math.max(mx, x[base + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += StrictMath.exp(x[base + j] - mx);
                }
                float lse = (float) (mx + StrictMath.log(sum));
                int o = r * cols;
                for (int j = 0; j < cols; j++) {
                    float v = x[base + j] - lse;
                    y[o + j] = log ? v : (float) StrictMath.exp(v);
                }
            }
        });
    }

    static void softmaxBackward(float[] y, float[] gy, int gyOff, int rows, int cols, boolean log, float[] gx) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = r * cols;
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += log ? gy[gyOff + base + j] : gy[gyOff + base + j] * y[base + j];
                }
                float fd = (float) dot;
                for (int j = 0; j < cols; j++) {
                    float g = gy[gyOff + base + j];
                    float yv = y[base + j];
                    gx[base + j] = log ? g - (float) StrictMath.exp(yv) * fd : yv * (g - fd);
                }
            }
        });
    }

    static void groupNorm(float[] x, int xOff, int n, int c, int hw, int groups, float[] gamma, float[] beta, float eps,
                          float[] y, float[] mean, float[] rstd) {
        int cg = c / groups;
        int count = cg * hw;
        Parallel.forRange(n * groups, Math.max(1, 16384 / Math.max(1, count)), (s, e) -> {
            for (int ng = s; ng < e; ng++) {
                int b = ng / groups;
                int g = ng % groups;
                int base = (b * c + g * cg) * hw;
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += x[xOff + base + i];
                }
                double mu = sum / count;
                double ss = 0;
                for (int i = 0; i < count; i++) {
                    double d = x[xOff + base + i] - mu;
                    ss += d * d;
                }
                float rs = (float) (1 / Math.sqrt(ss / count + eps));
                float fm = (float) mu;
                mean[ng] = fm;
                rstd[ng] = rs;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    float scale = rs * (gamma == null ? 1 : gamma[ch]);
                    float shift = (beta == null ? 0 : beta[ch]) - fm * scale;
                    int o = base + ci * hw;
                    for (int i = 0; i < hw; i++) {
                        y[o + i] = x[xOff + o + i] * scale + shift;
                    }
                }
            }
        });
    }

    static void groupNormBackward(float[] x, int xOff, int n, int c, int hw, int groups, float[] gamma, float[] mean,
                                  float[] rstd, float[] gy, int gyOff, float[] gx, float[] ggamma, float[] gbeta) {
        int cg = c / groups;
        int count = cg * hw;
        // Per-(sample, channel) partial sums first, so that the gamma/beta gradients can be summed
        // over the batch in a fixed order (deterministic for any thread count).
        float[] dgPart = new float[n * c];
        float[] dbPart = new float[n * c];
        Parallel.forRange(n * groups, Math.max(1, 16384 / Math.max(1, count)), (s, e) -> {
            for (int ng = s; ng < e; ng++) {
                int b = ng / groups;
                int g = ng % groups;
                int base = (b * c + g * cg) * hw;
                float mu = mean[ng];
                float rs = rstd[ng];
                double sumD = 0;
                double sumDX = 0;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    float ga = gamma == null ? 1 : gamma[ch];
                    int o = base + ci * hw;
                    double sg = 0;
                    double sgx = 0;
                    for (int i = 0; i < hw; i++) {
                        float xh = (x[xOff + o + i] - mu) * rs;
                        float gv = gy[gyOff + o + i];
                        sg += gv;
                        sgx += gv * xh;
                    }
                    dgPart[b * c + ch] = (float) sgx;
                    dbPart[b * c + ch] = (float) sg;
                    sumD += sg * ga;
                    sumDX += sgx * ga;
                }
                float mD = (float) (sumD / count);
                float mDX = (float) (sumDX / count);
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    float ga = gamma == null ? 1 : gamma[ch];
                    int o = base + ci * hw;
                    for (int i = 0; i < hw; i++) {
                        float xh = (x[xOff + o + i] - mu) * rs;
                        gx[o + i] = rs * (gy[gyOff + o + i] * ga - mD - xh * mDX);
                    }
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

    static void batchNorm(float[] x, int xOff, int n, int c, int hw, float[] gamma, float[] beta, float eps, float[] y,
                          float[] mean, float[] rstd) {
        int count = n * hw;
        Parallel.forRange(c, 1, (s, e) -> {
            for (int ch = s; ch < e; ch++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    int o = xOff + (b * c + ch) * hw;
                    for (int i = 0; i < hw; i++) {
                        sum += x[o + i];
                    }
                }
                double mu = sum / count;
                double ss = 0;
                for (int b = 0; b < n; b++) {
                    int o = xOff + (b * c + ch) * hw;
                    for (int i = 0; i < hw; i++) {
                        double d = x[o + i] - mu;
                        ss += d * d;
                    }
                }
                float rs = (float) (1 / Math.sqrt(ss / count + eps));
                mean[ch] = (float) mu;
                rstd[ch] = rs;
                float scale = rs * (gamma == null ? 1 : gamma[ch]);
                float shift = (beta == null ? 0 : beta[ch]) - (float) mu * scale;
                for (int b = 0; b < n; b++) {
                    int o = (b * c + ch) * hw;
                    for (int i = 0; i < hw; i++) {
                        y[o + i] = x[xOff + o + i] * scale + shift;
                    }
                }
            }
        });
    }

    static void batchNormBackward(float[] x, int xOff, int n, int c, int hw, float[] gamma, float[] mean, float[] rstd,
                                  float[] gy, int gyOff, float[] gx, float[] ggamma, float[] gbeta) {
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
                    for (int i = 0; i < hw; i++) {
                        float gv = gy[gyOff + o + i];
                        sg += gv;
                        sgx += gv * (x[xOff + o + i] - mu) * rs;
                    }
                }
                if (ggamma != null) {
                    ggamma[ch] = (float) sgx;
                }
                if (gbeta != null) {
                    gbeta[ch] = (float) sg;
                }
                float mD = (float) (sg * ga / count);
                float mDX = (float) (sgx * ga / count);
                for (int b = 0; b < n; b++) {
                    int o = (b * c + ch) * hw;
                    for (int i = 0; i < hw; i++) {
                        float xh = (x[xOff + o + i] - mu) * rs;
                        gx[o + i] = rs * (gy[gyOff + o + i] * ga - mD - xh * mDX);
                    }
                }
            }
        });
    }
}
