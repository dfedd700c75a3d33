package org.dadda.augment.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.dadda.augment.Fixtures;
import org.dadda.augment.image.Image;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;

/** SSIM, histogram matching, Lab and Gaussian smoothing against scikit-image / SciPy fixtures. */
class ReferenceOpsTest {

    @Test
    void ssimMatchesScikitImageWithin1e4() {
        for (Object o : Json.array(Fixtures.reference().get("ssim"), "ssim")) {
            Map<String, Object> c = Json.object(o, "ssim case");
            Image a = Fixtures.image(Json.string(c.get("a"), "a"));
            Image b = Fixtures.image(Json.string(c.get("b"), "b"));
            double expected = Json.number(c.get("ssim"), "ssim").doubleValue();
            assertEquals(expected, Ssim.ssim(a, b), 1e-4, c.get("a") + " vs " + c.get("b"));
            // The precomputed-statistics path is the same computation.
            assertEquals(Ssim.ssim(a, b), Ssim.ssim(Ssim.stats(a), Ssim.stats(b)), 0);
        }
    }

    @Test
    void ssimOfAnImageWithItselfIsOneAndIsSymmetric() {
        Image a = Fixtures.image("astronaut128.png");
        Image b = Fixtures.image("astronaut128_noisy.png");
        assertEquals(1.0, Ssim.ssim(a, a), 1e-12);
        assertEquals(Ssim.ssim(a, b), Ssim.ssim(b, a), 1e-12);
    }

    @Test
    void ssimRejectsTinyOrMismatchedImages() {
        assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(Image.zeros(1, 6, 10), Image.zeros(1, 6, 10)));
        assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(Image.zeros(1, 8, 10), Image.zeros(3, 8, 10)));
    }

    @Test
    void histogramMatchingMatchesScikitImageWithin1e4() {
        Map<String, Object> h = Json.object(Fixtures.reference().get("histogram"), "histogram");
        Image src = Fixtures.image(Json.string(h.get("image"), "image"));
        Image ref = Fixtures.image(Json.string(h.get("reference"), "reference"));
        float[] expected = Fixtures.f32(Json.string(h.get("matched"), "matched"));
        float[] got = HistogramMatcher.match(src, ref).data();
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-4, "pixel " + i);
        }
        double[] s1 = Json.doubles(h.get("source1d"), "source1d");
        double[] t1 = Json.doubles(h.get("template1d"), "template1d");
        double[] m1 = Json.doubles(h.get("matched1d"), "matched1d");
        float[] got1 = HistogramMatcher.match(toFloat(s1), toFloat(t1));
        for (int i = 0; i < got1.length; i++) {
            assertEquals(m1[i], got1[i], 1e-4, "value " + i);
        }
    }

    @Test
    void histogramMatchingRejectsEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> HistogramMatcher.match(new float[0], new float[] {1}));
    }

    @Test
    void labMatchesScikitImage() {
        Map<String, Object> lab = Json.object(Fixtures.reference().get("lab"), "lab");
        List<Object> rgb = Json.array(lab.get("rgb"), "rgb");
        List<Object> exp = Json.array(lab.get("lab"), "lab");
        double[] out = new double[3];
        for (int i = 0; i < rgb.size(); i++) {
            double[] c = Json.doubles(rgb.get(i), "rgb");
            double[] e = Json.doubles(exp.get(i), "lab");
            ColorLab.toLab(c[0], c[1], c[2], out);
            for (int k = 0; k < 3; k++) {
                assertEquals(e[k], out[k], 1e-9, "colour " + i + " component " + k);
            }
        }
    }

    @Test
    void gaussianMatchesScipyReflectMode() {
        for (Object o : Json.array(Fixtures.reference().get("gaussian"), "gaussian")) {
            Map<String, Object> c = Json.object(o, "gaussian case");
            int h = Json.number(c.get("h"), "h").intValue();
            int w = Json.number(c.get("w"), "w").intValue();
            double sigma = Json.number(c.get("sigma"), "sigma").doubleValue();
            double[] d = Json.doubles(c.get("input"), "input");
            double[] e = Json.doubles(c.get("output"), "output");
            GaussianBlur.blurPlanes(d, 1, h, w, sigma, GaussianBlur.DEFAULT_TRUNCATE);
            for (int i = 0; i < d.length; i++) {
                assertEquals(e[i], d[i], 1e-12, "sigma " + sigma + " pixel " + i);
            }
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
