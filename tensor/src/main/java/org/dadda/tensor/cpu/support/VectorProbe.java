package org.dadda.tensor.cpu.support;

import jdk.incubator.vector.FloatVector;

/** Reports the Vector API's preferred float width; loaded reflectively, only when the module is present. */
final class VectorProbe {

    private VectorProbe() {
    }

    /** Bit size of {@link FloatVector#SPECIES_PREFERRED}. */
    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
