package org.dadda.federated.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dadda.federated.quality.QualityVerdict.Measures;
import org.dadda.federated.quality.QualityVerdict.Status;
import org.junit.jupiter.api.Test;

class QualityVerdictTest {
    private static Status status(Measures m) {
        return QualityVerdict.judge(m, QualityVerdict.Thresholds.DEFAULT).status();
    }

    @Test
    void allPassingIsUsable() {
        QualityVerdict.Verdict v = QualityVerdict.judge(new Measures(0.6, 0.1, false, false, 0.9, 0.95, 0.05),
                QualityVerdict.Thresholds.DEFAULT);
        assertEquals(Status.USABLE, v.status());
        assertEquals(3, v.reasons().size());
        assertEquals("usable", v.toJson().get("status"));
    }

    @Test
    void anyFailureIsNotUsableAndComesFirst() {
        QualityVerdict.Verdict v = QualityVerdict.judge(new Measures(0.95, 1e-9, false, false, 0.9, 0.95, 0.05),
                QualityVerdict.Thresholds.DEFAULT);
        assertEquals(Status.NOT_USABLE, v.status());
        assertTrue(v.reasons().get(0).contains("told apart"), v.reasons().get(0));
        assertEquals(Status.NOT_USABLE, status(new Measures(0.6, 0.1, false, false, 0.7, 0.95, 0.05)));
        assertEquals(Status.NOT_USABLE, status(new Measures(0.6, 0.1, false, false, 0.9, 0.95, 0.25)));
        // a failure outweighs a measure that is missing
        assertEquals(Status.NOT_USABLE, status(new Measures(Double.NaN, Double.NaN, true, false, 0.9, 0.95, 0.5)));
    }

    @Test
    void missingOrInconclusiveMeasuresAreNotShown() {
        assertEquals(Status.NOT_SHOWN, status(new Measures(Double.NaN, Double.NaN, true, false, 0.9, 0.95, 0.05)));
        assertEquals(Status.NOT_SHOWN, status(new Measures(0.6, 0.1, false, false, Double.NaN, Double.NaN, 0.05)));
        assertEquals(Status.NOT_SHOWN, status(new Measures(0.6, 0.1, false, false, 0.9, 0.95, Double.NaN)));
        // low power: a pass shows nothing, a fail counts only when significant
        assertEquals(Status.NOT_SHOWN, status(new Measures(0.5, 0.6, true, false, 0.9, 0.95, 0.05)));
        assertEquals(Status.NOT_SHOWN, status(new Measures(0.83, 0.11, true, false, 0.9, 0.95, 0.05)));
        assertEquals(Status.NOT_USABLE, status(new Measures(1.0, 0.016, true, false, 0.9, 0.95, 0.05)));
        // against normal images a fail may be the defect itself
        assertEquals(Status.NOT_SHOWN, status(new Measures(0.95, 1e-9, false, true, 0.9, 0.95, 0.05)));
        assertEquals(Status.USABLE, status(new Measures(0.6, 0.1, false, true, 0.9, 0.95, 0.05)));
        // a weak detector cannot blame the masks
        assertEquals(Status.NOT_SHOWN, status(new Measures(0.6, 0.1, false, false, 0.7, 0.8, 0.05)));
    }
}
