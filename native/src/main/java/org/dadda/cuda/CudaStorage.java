package org.dadda.cuda;

import org.dadda.tensor.DType;
import org.dadda.tensor.Storage;
import org.dadda.tensor.View;

/**
 * float32 storage in device memory. Numbers cross to the host only through {@link #upload} and
 * {@link #download} ({@link CudaBackend#fromFloats}, {@link CudaBackend#toFloats}); {@link #get}
 * and {@link #set} copy one element each way and exist for the generic SPI paths, not for kernels.
 */
public final class CudaStorage extends Storage {
    private final Device device;
    private final int length;
    private DeviceBuffer buffer;

    CudaStorage(Device device, DeviceBuffer buffer, int length) {
        this.device = device;
        this.buffer = buffer;
        this.length = length;
    }

    /**
     * The CUDA storage of a view.
     *
     * @throws IllegalArgumentException when the view lives on another backend's storage
     */
    static CudaStorage of(View v) {
        if (v.storage() instanceof CudaStorage s) {
            return s;
        }
        throw new IllegalArgumentException("cuda backend: an operand lives in " + v.storage().getClass().getSimpleName()
                + ", not in device memory; create the tensors on the CUDA backend (Backends.use or dadda.backend=cuda)");
    }

    private DeviceBuffer buffer() {
        DeviceBuffer b = buffer;
        if (b == null) {
            throw usedAfterRelease();
        }
        return b;
    }

    /** The device address of element {@code element}. */
    long address(int element) {
        return buffer().address((long) element * Float.BYTES);
    }

    /** Copies {@code src[off .. off+n)} to elements {@code [at, at+n)}. */
    void upload(float[] src, int off, int n, int at) {
        if (n == 0) {
            return;
        }
        device.upload(address(at), src, off, n);
    }

    /** Elements {@code [at, at+n)} on the host (waits for the kernels queued before it). */
    float[] download(int at, int n) {
        float[] r = new float[n];
        if (n > 0) {
            device.download(address(at), r);
        }
        return r;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public double get(int i) {
        checkIndex(i);
        return download(i, 1)[0];
    }

    @Override
    public void set(int i, double v) {
        checkIndex(i);
        upload(new float[] {(float) v}, 0, 1, i);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("cuda storage of " + length + " elements: index " + i);
        }
    }

    @Override
    protected Storage handOver() {
        CudaStorage fresh = new CudaStorage(device, buffer(), length);
        buffer = null;
        return fresh;
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }
}
