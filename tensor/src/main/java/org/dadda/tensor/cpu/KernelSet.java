package org.dadda.tensor.cpu;

import org.dadda.tensor.cpu.attention.AttentionKernel;
import org.dadda.tensor.cpu.conv.Conv2dKernel;
import org.dadda.tensor.cpu.norm.NormKernel;

import org.dadda.tensor.cpu.conv.ScalarWinogradLoops;
import org.dadda.tensor.cpu.conv.WinogradLoops;
import org.dadda.tensor.cpu.gemm.BlockedGemm;
import org.dadda.tensor.cpu.gemm.GemmKernel;
import org.dadda.tensor.cpu.gemm.MicroKernel;
import org.dadda.tensor.cpu.gemm.ScalarMicroKernel;
import org.dadda.tensor.cpu.rows.RowOps;
import org.dadda.tensor.cpu.rows.ScalarRowOps;
import org.dadda.tensor.cpu.support.KernelConfig;

/**
 * One consistent family of kernels: either all Vector API or all scalar. The CPU backend uses
 * {@link #active()}; tests run both families through {@link #scalar()} and {@link #simd()}.
 */
public final class KernelSet {

    /** Scalar blocking: the 4x4 register kernel ran at the same speed for every block size tried. */
    private static final KernelSet SCALAR = new KernelSet(
            new BlockedGemm(new ScalarMicroKernel(), 256, 64, 512, false), new ScalarRowOps(), new ScalarWinogradLoops());
    private static final KernelSet SIMD = KernelConfig.simdAvailable() ? loadSimd() : null;
    private static final KernelSet ACTIVE = KernelConfig.simdEnabled() ? SIMD : SCALAR;

    private final BlockedGemm gemm;
    private final RowOps rows;
    private final WinogradLoops winograd;

    private KernelSet(BlockedGemm gemm, RowOps rows, WinogradLoops winograd) {
        this.gemm = gemm;
        this.rows = rows;
        this.winograd = winograd;
    }

    private static KernelSet loadSimd() {
        try {
            // Reflection keeps the Vector API classes unloaded unless this path is taken.
            MicroKernel mk = (MicroKernel) Class.forName("org.dadda.tensor.cpu.gemm.VectorMicroKernel")
                    .getDeclaredConstructor().newInstance();
            RowOps ops = (RowOps) Class.forName("org.dadda.tensor.cpu.rows.VectorRowOps")
                    .getDeclaredConstructor().newInstance();
            WinogradLoops wino = (WinogradLoops) Class.forName("org.dadda.tensor.cpu.conv.VectorWinogradLoops")
                    .getDeclaredConstructor().newInstance();
            // Measured on 2 AVX-512 cores: depth blocks of 256 keep each thread's B block (256 x 512
            // columns of a 1024-wide product) in its 1 MiB L2, and beat 512 by about 5% with two
            // threads; 64-row A blocks against 1024-column B blocks were best among 32..256 x 256..2048.
            return new KernelSet(new BlockedGemm(mk, 256, 64, 1024, true), ops, wino);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Vector API kernels could not be created", e);
        }
    }

    /** The kernels chosen by {@link KernelConfig}. */
    public static KernelSet active() {
        return ACTIVE;
    }

    /** The plain-Java kernels, always available. */
    public static KernelSet scalar() {
        return SCALAR;
    }

    /** The Vector API kernels, or {@code null} when {@link KernelConfig#simdAvailable()} is false. */
    public static KernelSet simd() {
        return SIMD;
    }

    /** This family's GEMM. */
    public GemmKernel gemm() {
        return gemm;
    }

    /** Whether this family uses the Vector API. */
    public boolean isSimd() {
        return gemm.simd();
    }

    /** The blocked GEMM with its operand-level entry points, which convolution and attention build on. */
    public BlockedGemm blocked() {
        return gemm;
    }

    /** This family's row primitives (exp, softmax pieces), which normalisation and attention build on. */
    public RowOps rows() {
        return rows;
    }

    /** This family's Winograd transform loops. */
    public WinogradLoops winogradLoops() {
        return winograd;
    }

    /** A convolution kernel of this family; {@code winograd} allows Winograd's method where it is faster. */
    public Conv2dKernel conv(boolean winograd) {
        return new Conv2dKernel(gemm, this.winograd, winograd);
    }

    /** An attention kernel of this family. */
    public AttentionKernel attention() {
        return new AttentionKernel(gemm, rows);
    }

    /** A normalisation kernel of this family. */
    public NormKernel norm() {
        return new NormKernel(rows);
    }

    @Override
    public String toString() {
        return isSimd() ? "simd" : "scalar";
    }
}
