package org.dadda.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * One GPU through the CUDA driver API (JCuda): its primary context, made current on each thread
 * that uses it (the driver's contexts are per thread), the kernels of every PTX module of the jar
 * (loaded with {@code cuModuleLoadData}, so the driver JIT-compiles them for this GPU once, at
 * start) and launches with {@code cuLaunchKernel} on the default stream. Launches are
 * asynchronous, so a kernel fault surfaces at the next call that waits;
 * {@code -Ddadda.cuda.sync=true} waits after every launch and names the kernel that failed.
 */
final class JCudaDevice implements Device {
    private static final boolean SYNC = Boolean.getBoolean("dadda.cuda.sync");

    private final CUcontext context;
    private final String name;
    private final int driverVersion;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private JCudaDevice(CUcontext context, String name, int driverVersion) {
        this.context = context;
        this.name = name;
        this.driverVersion = driverVersion;
    }

    /**
     * Opens device {@code ordinal} and loads every kernel the backend launches.
     *
     * @throws CudaUnavailableException saying why not: no driver library, no device, a PTX the
     *                                  driver cannot load, a kernel missing from the PTX
     */
    static JCudaDevice open(int ordinal) {
        CUcontext context;
        String name;
        int[] version = new int[1];
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (ordinal >= count[0]) {
                throw new CudaUnavailableException("CUDA device " + ordinal + " requested (dadda.cuda.device), the driver"
                        + " sees " + count[0]);
            }
            CUdevice device = new CUdevice();
            cuDeviceGet(device, ordinal);
            byte[] raw = new byte[256];
            cuDeviceGetName(raw, raw.length, device);
            name = new String(raw, StandardCharsets.US_ASCII).replace("\0", "").trim();
            cuDriverGetVersion(version);
            context = new CUcontext();
            cuDevicePrimaryCtxRetain(context, device);
        } catch (CudaUnavailableException e) {
            throw e;
        } catch (LinkageError | RuntimeException e) {
            // LinkageError: libJCudaDriver cannot load, mostly because libcuda.so.1 (the driver) is absent.
            throw new CudaUnavailableException(DriverFailure.describe(e), e);
        }
        JCudaDevice d = new JCudaDevice(context, name, version[0]);
        d.loadKernels();
        return d;
    }

    private void loadKernels() {
        makeCurrent();
        Map<String, String> ptx = PtxResources.load();
        Map<String, String> where = PtxResources.entryModules(ptx);
        Map<String, CUmodule> modules = new HashMap<>();
        for (KernelSpec spec : Kernels.ALL) {
            String module = where.get(spec.name());
            if (module == null) {
                throw new CudaUnavailableException("kernel " + spec.name() + " is in none of the PTX modules " + ptx.keySet());
            }
            try {
                CUmodule m = modules.computeIfAbsent(module, k -> {
                    CUmodule loaded = new CUmodule();
                    cuModuleLoadData(loaded, ptx.get(k));
                    return loaded;
                });
                CUfunction f = new CUfunction();
                cuModuleGetFunction(f, m, spec.name());
                functions.put(spec.name(), f);
            } catch (RuntimeException e) {
                throw new CudaUnavailableException("the driver (CUDA " + driverVersion() + ") cannot load PTX module "
                        + module + " for kernel " + spec.name() + ": " + DriverFailure.describe(e)
                        + " (the PTX is built by nvcc 13 and needs a CUDA 13 driver)", e);
            }
        }
    }

    /** Makes this device's context current on the calling thread. */
    private void makeCurrent() {
        if (!current.get()) {
            cuCtxSetCurrent(context);
            current.set(true);
        }
    }

    @Override
    public String describe() {
        return name + ", driver CUDA " + driverVersion();
    }

    private String driverVersion() {
        return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }

    @Override
    public long allocate(long bytes) {
        makeCurrent();
        DevicePointer p = new DevicePointer();
        try {
            cuMemAlloc(p, bytes);
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains(CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY))) {
                throw new OutOfDeviceMemory(e.getMessage(), e);
            }
            throw e;
        }
        return p.address();
    }

    @Override
    public void free(long address) {
        makeCurrent();
        cuMemFree(new DevicePointer(address));
    }

    @Override
    public void upload(long address, float[] src, int off, int n) {
        makeCurrent();
        cuMemcpyHtoD(new DevicePointer(address), Pointer.to(src).withByteOffset((long) off * Float.BYTES),
                (long) n * Float.BYTES);
    }

    @Override
    public void upload(long address, int[] src) {
        makeCurrent();
        cuMemcpyHtoD(new DevicePointer(address), Pointer.to(src), (long) src.length * Integer.BYTES);
    }

    @Override
    public void download(long address, float[] dst) {
        makeCurrent();
        cuMemcpyDtoH(Pointer.to(dst), new DevicePointer(address), (long) dst.length * Float.BYTES);
    }

    @Override
    public void download(long address, int[] dst) {
        makeCurrent();
        cuMemcpyDtoH(Pointer.to(dst), new DevicePointer(address), (long) dst.length * Integer.BYTES);
    }

    @Override
    public void launch(KernelSpec spec, LaunchGeometry geometry, KernelArgs args) {
        makeCurrent();
        CUfunction f = functions.get(spec.name());
        try {
            cuLaunchKernel(f, geometry.gridX(), geometry.gridY(), geometry.gridZ(), geometry.block(), 1, 1,
                    geometry.sharedBytes(), null, parameters(args.values()), null);
            if (SYNC) {
                cuCtxSynchronize();
            }
        } catch (CudaException e) {
            throw new IllegalStateException("cuda backend: kernel " + spec.name() + " over " + geometry + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The driver's {@code void** kernelParams}: one pointer to each argument's bytes. */
    private static Pointer parameters(List<Object> values) {
        Pointer[] each = new Pointer[values.size()];
        for (int i = 0; i < each.length; i++) {
            Object v = values.get(i);
            if (v instanceof Long address) {
                each[i] = Pointer.to(new long[] {address});
            } else if (v instanceof Integer n) {
                each[i] = Pointer.to(new int[] {n});
            } else if (v instanceof Float x) {
                each[i] = Pointer.to(new float[] {x});
            } else {
                each[i] = Pointer.to((int[]) v);
            }
        }
        return Pointer.to(each);
    }
}
