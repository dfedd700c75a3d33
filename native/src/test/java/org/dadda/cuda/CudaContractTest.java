package org.dadda.cuda;

import org.dadda.tensor.Backend;

/**
 * The backend contract on the GPU. On a machine without a usable CUDA device every test is
 * reported as skipped, with the driver's reason (see {@link CudaTestDevice}).
 */
class CudaContractTest extends BackendContract {
    @Override
    protected Backend candidate() {
        return CudaTestDevice.require();
    }
}
