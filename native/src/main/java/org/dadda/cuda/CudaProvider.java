package org.dadda.cuda;

import org.dadda.tensor.Backend;
import org.dadda.tensor.BackendProvider;

/**
 * Registers the CUDA backend as {@code cuda} ({@code META-INF/services}). ServiceLoader creates
 * every provider while looking any name up, so the device is opened only when the backend is
 * first asked for, once per process; a machine without a usable GPU gets the same
 * {@link CudaUnavailableException} (with the reason) on every request.
 */
public final class CudaProvider implements BackendProvider {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Backend backend() {
        return Holder.get();
    }

    /** The one attempt to open the device, made on first use (the lazy holder idiom). */
    private static final class Holder {
        private static final CudaBackend BACKEND;
        private static final CudaUnavailableException FAILURE;

        static {
            CudaBackend b = null;
            CudaUnavailableException f = null;
            try {
                b = CudaBackend.open();
            } catch (CudaUnavailableException e) {
                f = e;
            } catch (RuntimeException | LinkageError e) {
                // Anything else (a jar without its PTX, say) must not leave this class unusable.
                f = new CudaUnavailableException(DriverFailure.describe(e), e);
            }
            BACKEND = b;
            FAILURE = f;
        }

        static CudaBackend get() {
            if (BACKEND == null) {
                throw new CudaUnavailableException(FAILURE.getMessage().replaceFirst("^cuda backend: no usable CUDA device: ",
                        ""), FAILURE);
            }
            return BACKEND;
        }
    }
}
