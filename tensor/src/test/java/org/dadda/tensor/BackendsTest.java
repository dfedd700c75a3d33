package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** Backends are found by name through their registered providers. */
class BackendsTest {
    @Test
    void theEnginesBackendsAreRegisteredByName() {
        assertSame(CpuBackend.INSTANCE, Backends.byName("cpu"));
        assertSame(ReferenceBackend.INSTANCE, Backends.byName("reference"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("cpu") && e.getMessage().contains("reference"),
                e.getMessage());
    }

    @Test
    void autoFallsBackToCpuAndSaysWhyWhenNoGpuBackendIsRegistered() {
        List<String> lines = new ArrayList<>();
        assertSame(CpuBackend.INSTANCE, Backends.auto(lines::add));
        assertEquals(List.of("backend auto: cpu (no cuda backend on the class path)"), lines);
    }

    @Test
    void anUnknownNameMentionsAuto() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("gpu"));
        assertTrue(e.getMessage().contains("auto"), e.getMessage());
    }
}
