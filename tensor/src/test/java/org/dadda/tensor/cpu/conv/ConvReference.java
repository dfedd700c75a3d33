package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.ConvGeometry;

/**
 * Straightforward double-precision convolution loops, the reference for the kernel tests. Each method
 * returns {value, magnitude}: the exact result and the sum of absolute products behind each element,
 * which scales the rounding tolerance.
 */
final class ConvReference {

    private ConvReference() {
    }

    private static int in(int o, int stride, int pad, int k, int dil) {
        return o * stride - pad + k * dil;
    }

    static double[][] forward(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        double[] val = new double[g.n() * g.oc() * g.oh() * g.ow()];
        double[] mag = new double[val.length];
        for (int b = 0; b < g.n(); b++) {
            for (int o = 0; o < g.oc(); o++) {
                int gi = o / ocg;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double s = bias == null ? 0 : bias[o];
                        double a = Math.abs(s);
                        for (int ci = 0; ci < cg; ci++) {
                            for (int i = 0; i < g.kh(); i++) {
                                for (int j = 0; j < g.kw(); j++) {
                                    int iy = in(oy, g.strideH(), g.padH(), i, g.dilH());
                                    int ix = in(ox, g.strideW(), g.padW(), j, g.dilW());
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = (double) x[((b * g.c() + gi * cg + ci) * g.h() + iy) * g.w() + ix]
                                            * w[((o * cg + ci) * g.kh() + i) * g.kw() + j];
                                    s += t;
                                    a += Math.abs(t);
                                }
                            }
                        }
                        int idx = ((b * g.oc() + o) * g.oh() + oy) * g.ow() + ox;
                        val[idx] = s;
                        mag[idx] = a;
                    }
                }
            }
        }
        return new double[][] {val, mag};
    }

    static double[][] backwardInput(ConvGeometry g, float[] gy, float[] w) {
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        double[] val = new double[g.n() * g.c() * g.h() * g.w()];
        double[] mag = new double[val.length];
        for (int b = 0; b < g.n(); b++) {
            for (int o = 0; o < g.oc(); o++) {
                int gi = o / ocg;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double gv = gy[((b * g.oc() + o) * g.oh() + oy) * g.ow() + ox];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int i = 0; i < g.kh(); i++) {
                                for (int j = 0; j < g.kw(); j++) {
                                    int iy = in(oy, g.strideH(), g.padH(), i, g.dilH());
                                    int ix = in(ox, g.strideW(), g.padW(), j, g.dilW());
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = gv * w[((o * cg + ci) * g.kh() + i) * g.kw() + j];
                                    int idx = ((b * g.c() + gi * cg + ci) * g.h() + iy) * g.w() + ix;
                                    val[idx] += t;
                                    mag[idx] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {val, mag};
    }

    static double[][] backwardWeight(ConvGeometry g, float[] x, float[] gy) {
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        double[] val = new double[g.oc() * cg * g.kh() * g.kw()];
        double[] mag = new double[val.length];
        for (int b = 0; b < g.n(); b++) {
            for (int o = 0; o < g.oc(); o++) {
                int gi = o / ocg;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double gv = gy[((b * g.oc() + o) * g.oh() + oy) * g.ow() + ox];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int i = 0; i < g.kh(); i++) {
                                for (int j = 0; j < g.kw(); j++) {
                                    int iy = in(oy, g.strideH(), g.padH(), i, g.dilH());
                                    int ix = in(ox, g.strideW(), g.padW(), j, g.dilW());
                                    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                        continue;
                                    }
                                    double t = gv * x[((b * g.c() + gi * cg + ci) * g.h() + iy) * g.w() + ix];
                                    int idx = ((o * cg + ci) * g.kh() + i) * g.kw() + j;
                                    val[idx] += t;
                                    mag[idx] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {val, mag};
    }
}
