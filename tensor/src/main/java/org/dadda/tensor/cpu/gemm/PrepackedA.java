package org.dadda.tensor.cpu.gemm;

/**
 * A left GEMM operand packed once, in full, in the layout {@link BlockedGemm} consumes: for each
 * depth block of {@code kc} (the last one shorter), the {@code ceil(m/mr)} micro-panels of that block,
 * so block {@code p0} starts at {@code mPadded * p0}. Worth it when one A multiplies many right
 * operands (convolution weights against every image); the micro-kernel reads it in place and threads
 * only read it, so one packed copy serves them all.
 */
public final class PrepackedA implements OperandA {

    private final float[] data;
    private final int start;
    private final int m;
    private final int k;
    private final int kc;
    private final int mr;
    private final int mPadded;

    private PrepackedA(float[] data, int start, int m, int k, int kc, int mr) {
        this.data = data;
        this.start = start;
        this.m = m;
        this.k = k;
        this.kc = kc;
        this.mr = mr;
        this.mPadded = (m + mr - 1) / mr * mr;
    }

    /** Floats needed to pack an {@code m x k} operand for {@code gemm}. */
    public static int size(BlockedGemm gemm, int m, int k) {
        int mr = gemm.mr();
        return (m + mr - 1) / mr * mr * k;
    }

    /**
     * Packs {@code alpha * src} ({@code m x k}) into {@code buffer} from {@code start} ({@link #size} floats) for
     * {@code gemm}. The packed operand already carries {@code alpha}: {@link BlockedGemm} ignores the
     * alpha it is multiplied with.
     */
    public static PrepackedA pack(BlockedGemm gemm, OperandA src, int m, int k, float alpha, float[] buffer, int start) {
        int kcMax = gemm.depthBlock(k);
        int mr = gemm.mr();
        int mPadded = (m + mr - 1) / mr * mr;
        for (int pc = 0; pc < k; pc += kcMax) {
            src.packA(buffer, start + mPadded * pc, 0, m, pc, Math.min(kcMax, k - pc), mr, alpha);
        }
        return new PrepackedA(buffer, start, m, k, kcMax, mr);
    }

    /** Index of the first float of the micro-panel of row {@code i0} in depth block {@code p0}. */
    @Override
    public int inPlaceOffset(int i0, int p0) {
        return start + mPadded * p0 + i0 * Math.min(kc, k - p0);
    }

    @Override
    public float[] inPlaceData() {
        return data;
    }

    @Override
    public int rowStride() {
        return 1;
    }

    @Override
    public int depthStride() {
        return mr;
    }

    @Override
    public boolean inPlaceIsPacked() {
        return true;
    }

    /** Whether this operand was packed with depth blocks of {@code kcq} and micro-panels of {@code mrq} rows. */
    boolean packedFor(int kcq, int mrq) {
        return kc == kcq && mr == mrq;
    }

    /**
     * Copies the requested panels (which must follow this operand's blocking: {@code i0} a multiple of
     * mr, {@code p0} of kc) as packed, with the alpha given to {@link #pack}; {@code alpha} here is
     * ignored. {@link BlockedGemm} avoids this copy by reading {@link #inPlaceData()} in place.
     */
    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kcb, int mrq, float alpha) {
        if (mrq != mr || i0 % mr != 0 || p0 % kc != 0 || kcb != Math.min(kc, k - p0) || i0 + mc > m) {
            throw new IllegalArgumentException("prepacked operand read outside its blocking: rows " + i0 + "+" + mc
                    + ", depth " + p0 + "+" + kcb + ", mr " + mrq);
        }
        int src = inPlaceOffset(i0, p0);
        System.arraycopy(data, src, dst, dOff, (mc + mr - 1) / mr * mr * kcb);
    }
}
