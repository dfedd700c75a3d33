package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
