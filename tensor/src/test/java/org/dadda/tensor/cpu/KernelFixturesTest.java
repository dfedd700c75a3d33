package org.dadda.tensor.cpu;

import org.dadda.tensor.cpu.attention.AttentionKernel;
import org.dadda.tensor.cpu.conv.Conv2dKernel;
import org.dadda.tensor.ConvGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;

import static org.dadda.tensor.cpu.KernelTestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kernels against golden values computed by PyTorch (see make_kernel_fixtures.py). */
class KernelFixturesTest {

    static List<KernelSet> sets() {
        return KernelTestSupport.kernelSets();
    }

    @ParameterizedTest
    @MethodSource("sets")
    void conv2dMatchesPyTorch(KernelSet set) throws IOException {
        KernelFixture f = KernelFixture.load("conv2d.txt");
        Conv2dKernel conv = set.conv(true);
        List<String> cases = f.cases();
        assertEquals(5, cases.size(), "conv2d fixture cases");
        for (String c : cases) {
            int[] p = f.ints(c + ".geometry");
            ConvGeometry g = new ConvGeometry(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11],
                    p[12], p[13]);
            float[] x = f.floats(c + ".x");
            float[] w = f.floats(c + ".w");
            float[] gy = f.floats(c + ".gy");
            float[] y = new float[gy.length];
            float[] gx = new float[x.length];
            float[] gw = new float[w.length];
            conv.forward(g, x, 0, w, 0, f.floats(c + ".b"), 0, y, 0);
            conv.backwardInput(g, gy, 0, w, 0, gx, 0);
            conv.backwardWeight(g, x, 0, gy, 0, gw, 0);
            String what = set + " conv2d fixture " + c;
            assertClose(what + " y", f.doubles(c + ".y"), null, y, 0, 1, y.length, 0, 1e-5, 1e-5);
            assertClose(what + " grad x", f.doubles(c + ".gx"), null, gx, 0, 1, gx.length, 0, 1e-5, 1e-5);
            assertClose(what + " grad w", f.doubles(c + ".gw"), null, gw, 0, 1, gw.length, 0, 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void attentionMatchesPyTorch(KernelSet set) throws IOException {
        KernelFixture f = KernelFixture.load("attention.txt");
        AttentionKernel att = set.attention();
        List<String> cases = f.cases();
        assertEquals(3, cases.size(), "attention fixture cases");
        for (String c : cases) {
            int[] s = f.ints(c + ".sizes");
            int bh = s[0];
            int lq = s[1];
            int lk = s[2];
            int d = s[3];
            float scale = f.floats(c + ".scale")[0];
            float[] q = f.floats(c + ".q");
            float[] k = f.floats(c + ".k");
            float[] v = f.floats(c + ".v");
            float[] mask = s[4] == 1 ? f.floats(c + ".mask") : null;
            float[] out = new float[q.length];
            float[] lse = new float[bh * lq];
            float[] gq = new float[q.length];
            float[] gk = new float[k.length];
            float[] gv = new float[v.length];
            att.forward(bh, lq, lk, d, scale, q, k, v, mask, out, lse);
            att.backward(bh, lq, lk, d, scale, q, k, v, mask, out, lse, f.floats(c + ".gout"), gq, gk, gv);
            String what = set + " attention fixture " + c;
            assertClose(what + " out", f.doubles(c + ".out"), null, out, 0, 1, out.length, 0, 1e-5, 2e-6);
            assertClose(what + " lse", f.doubles(c + ".lse"), null, lse, 0, 1, lse.length, 0, 1e-5, 2e-6);
            assertClose(what + " grad q", f.doubles(c + ".gq"), null, gq, 0, 1, gq.length, 0, 1e-4, 1e-5);
            assertClose(what + " grad k", f.doubles(c + ".gk"), null, gk, 0, 1, gk.length, 0, 1e-4, 1e-5);
            assertClose(what + " grad v", f.doubles(c + ".gv"), null, gv, 0, 1, gv.length, 0, 1e-4, 1e-5);
        }
    }
}
