package org.dadda.cuda;

import org.dadda.tensor.Backend;
import org.dadda.tensor.cpu.CpuBackend;

/**
 * The backend contract on the CPU backend: runs on every machine, so the contract itself (its
 * cases, tolerances and offset handling) is known to hold for a correct float32 backend before
 * a GPU ever runs it.
 */
class CpuContractTest extends BackendContract {
    @Override
    protected Backend candidate() {
        return CpuBackend.INSTANCE;
    }
}
