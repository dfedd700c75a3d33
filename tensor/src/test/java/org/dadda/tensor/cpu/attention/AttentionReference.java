package org.dadda.tensor.cpu.attention;

/** Double-precision attention forward and backward, the reference for the kernel tests. */
final class AttentionReference {

    /** Reference results, all {@code double}. */
    record Result(double[] out, double[] lse, double[] gq, double[] gk, double[] gv) {
    }

    private AttentionReference() {
    }

    static Result compute(int bh, int lq, int lk, int d, float scale, float[] q, float[] k, float[] v, float[] mask,
                          float[] gout) {
        double[] out = new double[bh * lq * d];
        double[] lse = new double[bh * lq];
        double[] gq = new double[bh * lq * d];
        double[] gk = new double[bh * lk * d];
        double[] gv = new double[bh * lk * d];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < lq; i++) {
                double[] p = new double[lk];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < lk; j++) {
                    double s = 0;
                    for (int t = 0; t < d; t++) {
                        s += (double) q[(h * lq + i) * d + t] * k[(h * lk + j) * d + t];
                    }
                    s = s * scale + (mask == null ? 0 : mask[i * lk + j]);
                    p[j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j < lk; j++) {
                    p[j] = Math.exp(p[j] - max);
                    sum += p[j];
                }
                lse[h * lq + i] = max + Math.log(sum);
                for (int j = 0; j < lk; j++) {
                    p[j] /= sum;
                }
                double[] dp = new double[lk];
                double delta = 0;
                for (int j = 0; j < lk; j++) {
                    for (int t = 0; t < d; t++) {
                        out[(h * lq + i) * d + t] += p[j] * v[(h * lk + j) * d + t];
                        dp[j] += (double) gout[(h * lq + i) * d + t] * v[(h * lk + j) * d + t];
                    }
                    delta += p[j] * dp[j];
                }
                for (int j = 0; j < lk; j++) {
                    double ds = p[j] * (dp[j] - delta) * scale;
                    for (int t = 0; t < d; t++) {
                        gq[(h * lq + i) * d + t] += ds * k[(h * lk + j) * d + t];
                        gk[(h * lk + j) * d + t] += ds * q[(h * lq + i) * d + t];
                        gv[(h * lk + j) * d + t] += p[j] * gout[(h * lq + i) * d + t];
                    }
                }
            }
        }
        return new Result(out, lse, gq, gk, gv);
    }
}
