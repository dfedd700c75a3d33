package org.dadda.augment.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dadda.augment.Fixtures;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.LabelMap;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;

class QuickShiftTest {

    private static QuickShift.Params params(Map<String, Object> p, long seed) {
        return new QuickShift.Params(
            Json.number(p.get("ratio"), "ratio").doubleValue(),
            Json.number(p.get("kernel_size"), "kernel_size").doubleValue(),
            Json.number(p.get("max_dist"), "max_dist").doubleValue(),
            Json.number(p.get("sigma"), "sigma").doubleValue(), true, seed);
    }

    private static List<Object> cases() {
        return Json.array(Fixtures.reference().get("quickshift"), "quickshift");
    }

    @Test
    void withScikitImagesNoiseMatchesItsSegmentation() {
        for (Object o : cases()) {
            Map<String, Object> c = Json.object(o, "case");
            Image img = Fixtures.image(Json.string(c.get("image"), "image"));
            float[] nf = Fixtures.f32(Json.string(c.get("noise"), "noise"));
            double[] noise = new double[nf.length];
            for (int i = 0; i < nf.length; i++) {
                noise[i] = nf[i];
            }
            int[] expected = Fixtures.u16(Json.string(c.get("labels"), "labels"));
            LabelMap got = new QuickShift(params(Json.object(c.get("params"), "params"), 42)).segment(img, noise);
            int segs = Json.number(c.get("segments"), "segments").intValue();
            double ari = Fixtures.adjustedRandIndex(expected, got.labels());
            String what = c.get("labels") + ": segments " + got.count() + " vs " + segs + ", ARI " + ari;
            assertEquals(segs, got.count(), what);
            assertTrue(ari > 0.999, what);
        }
    }

    @Test
    void withOwnNoiseSegmentCountWithin5PercentAndAriAtLeast095() {
        for (Object o : cases()) {
            Map<String, Object> c = Json.object(o, "case");
            Image img = Fixtures.image(Json.string(c.get("image"), "image"));
            int[] expected = Fixtures.u16(Json.string(c.get("labels"), "labels"));
            LabelMap got = new QuickShift(params(Json.object(c.get("params"), "params"), 42)).segment(img);
            int segs = Json.number(c.get("segments"), "segments").intValue();
            double ari = Fixtures.adjustedRandIndex(expected, got.labels());
            String what = c.get("labels") + ": segments " + got.count() + " vs " + segs + ", ARI " + ari;
            assertTrue(Math.abs(got.count() - segs) <= 0.05 * segs, what);
            assertTrue(ari >= 0.95, what);
        }
    }

    @Test
    void scalarAndVectorKernelsAgreeBitForBit() {
        Image img = Fixtures.image("chelsea96x128.png");
        QuickShift.Params p = QuickShift.Params.dam();
        LabelMap a = QuickShift.scalar(p).segment(img);
        LabelMap b = new QuickShift(p).segment(img);
        assertArrayEquals(a.labels(), b.labels());
    }

    @Test
    void segmentsNeverCrossAStrongColourEdge() {
        int h = 24;
        int w = 32;
        float[] d = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = w / 2; x < w; x++) {
                    d[(c * h + y) * w + x] = 1f;
                }
            }
        }
        LabelMap m = new QuickShift(QuickShift.Params.dam()).segment(new Image(3, h, w, d));
        int[] side = new int[m.count()];
        java.util.Arrays.fill(side, -1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = x < w / 2 ? 0 : 1;
                int l = m.get(y, x);
                assertTrue(side[l] == -1 || side[l] == s, "label " + l + " spans the edge");
                side[l] = s;
            }
        }
    }

    @Test
    void sameSeedSameSegmentation() {
        Image img = Fixtures.image("coffee80x120.png");
        assertArrayEquals(new QuickShift(QuickShift.Params.dam()).segment(img).labels(),
            new QuickShift(QuickShift.Params.dam()).segment(img).labels());
    }

    @Test
    void fastExpIsAccurate() {
        for (double x = -700; x <= 700; x += 0.37) {
            double e = Math.exp(x);
            assertEquals(e, FastExp.exp(x), 2e-15 * e, "exp(" + x + ")");
        }
        assertEquals(1.0, FastExp.exp(0), 0);
    }
}
