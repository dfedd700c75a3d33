package org.dadda.federated.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatStatsTest {
    @Test
    void meanAndSampleStdOfNestedNumbersLeaveOthersOut() {
        List<Map<String, Object>> r = List.of(
                Map.of("f_pro", 0.5, "curve", List.of(1), "detection", Map.of("auroc", 0.6)),
                Map.of("f_pro", 0.7, "curve", List.of(2), "detection", Map.of("auroc", 0.8)),
                Map.of("f_pro", 0.9, "curve", List.of(3), "detection", Map.of("auroc", 1.0)));
        Map<String, Object> mean = RepeatStats.mean(r);
        Map<String, Object> std = RepeatStats.std(r);
        assertEquals(0.7, (double) mean.get("f_pro"), 1e-12);
        assertEquals(0.2, (double) std.get("f_pro"), 1e-12);
        assertEquals(0.8, (double) ((Map<?, ?>) mean.get("detection")).get("auroc"), 1e-12);
        assertEquals(0.2, (double) ((Map<?, ?>) std.get("detection")).get("auroc"), 1e-12);
        assertFalse(mean.containsKey("curve"));
        assertEquals(0.0, (double) RepeatStats.std(r.subList(0, 1)).get("f_pro"));
    }
}
