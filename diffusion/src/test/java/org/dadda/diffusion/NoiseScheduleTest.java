package org.dadda.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture() throws IOException {
        try (InputStream in = NoiseScheduleTest.class.getResourceAsStream("/fixtures/schedules.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchesReferenceFixture() throws IOException {
        Map<String, Object> all = fixture();
        assertEquals(4, all.size());
        for (var e : all.entrySet()) {
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            int steps = ((Number) f.get("steps")).intValue();
            NoiseSchedule s = NoiseSchedule.of(NoiseSchedule.Kind.parse((String) f.get("kind")), steps);
            List<Object> ts = (List<Object>) f.get("t");
            for (int i = 0; i < ts.size(); i++) {
                int t = ((Number) ts.get(i)).intValue();
                check(f, "beta", i, s.beta(t), e.getKey(), t);
                check(f, "alphaBar", i, s.alphaBar(t), e.getKey(), t);
                check(f, "alphaBarPrev", i, s.alphaBarPrev(t), e.getKey(), t);
                check(f, "sqrtAlphaBar", i, s.sqrtAlphaBar(t), e.getKey(), t);
                check(f, "sqrtOneMinusAlphaBar", i, s.sqrtOneMinusAlphaBar(t), e.getKey(), t);
                check(f, "posteriorVariance", i, s.posteriorVariance(t), e.getKey(), t);
                check(f, "posteriorLogVarianceClipped", i, s.posteriorLogVarianceClipped(t), e.getKey(), t);
                check(f, "posteriorMeanCoefX0", i, s.posteriorMeanCoefX0(t), e.getKey(), t);
                check(f, "posteriorMeanCoefXt", i, s.posteriorMeanCoefXt(t), e.getKey(), t);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> f, String key, int i, double actual, String name, int t) {
        double expected = ((Number) ((List<Object>) f.get(key)).get(i)).doubleValue();
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), name + " " + key + " at t=" + t);
    }

    @Test
    void closedFormsHold() {
        for (NoiseSchedule s : new NoiseSchedule[] {NoiseSchedule.linear(1000), NoiseSchedule.cosine(1000)}) {
            double prod = 1;
            for (int t = 0; t < s.steps(); t++) {
                prod *= 1 - s.beta(t);
                assertEquals(prod, s.alphaBar(t), 1e-12);
                // The posterior variance is the harmonic combination 1 / (alpha_t / beta_t + 1 / (1 - aBar_{t-1})).
                if (t > 0) {
                    double inv = s.alpha(t) / s.beta(t) + 1 / (1 - s.alphaBarPrev(t));
                    assertEquals(1 / inv, s.posteriorVariance(t), 1e-12);
                }
                // The posterior mean's coefficients sum to its value at x0 = xt = 1 ... and reproduce x0 exactly
                // from a noiseless x_t: coefX0 * x0 + coefXt * sqrt(aBar) x0 = sqrt(aBar_prev) x0.
                double lhs = s.posteriorMeanCoefX0(t) + s.posteriorMeanCoefXt(t) * s.sqrtAlphaBar(t);
                assertEquals(Math.sqrt(s.alphaBarPrev(t)), lhs, 1e-9, "t=" + t);
            }
            assertTrue(s.alphaBar(s.steps() - 1) < 1e-4, "x_T must be nearly pure noise");
        }
        assertEquals(1e-4, NoiseSchedule.linear(1000).beta(0), 1e-15);
        assertEquals(0.02, NoiseSchedule.linear(1000).beta(999), 1e-15);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(0));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10, 0.1, 0.01));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10).beta(10));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.Kind.parse("sigmoid"));
    }
}
