package org.dadda.cuda;

import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.NormGeometry;
import org.dadda.tensor.PoolGeometry;

/**
 * Geometry records packed as the by-value structs of the kernels ({@code ConvDims} in conv.cu,
 * {@code NormDims} in norm.cu, {@code PoolDims} in pool.cu, {@code AttnDims} in attention.cu):
 * 32-bit fields in declaration order, a float as its bits.
 */
public final class KernelStructs {
    private KernelStructs() {
    }

    /** Fields of {@code ConvDims}. */
    public static final int CONV_INTS = 16;
    /** Fields of {@code NormDims}. */
    public static final int NORM_INTS = 5;
    /** Fields of {@code PoolDims}. */
    public static final int POOL_INTS = 10;
    /** Fields of {@code AttnDims}. */
    public static final int ATTENTION_INTS = 5;

    /** {@code n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow}. */
    public static int[] conv(ConvGeometry g) {
        return new int[] {g.n(), g.c(), g.h(), g.w(), g.oc(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(),
                g.padW(), g.dilH(), g.dilW(), g.groups(), g.oh(), g.ow()};
    }

    /** {@code kind (0 group, 1 batch), n, c, hw, groups}. */
    public static int[] norm(NormGeometry g) {
        return new int[] {g.kind() == NormGeometry.Kind.GROUP ? 0 : 1, g.n(), g.c(), g.hw(), g.groups()};
    }

    /** {@code isMax, planes, h, w, kh, kw, stride, pad, oh, ow}. */
    public static int[] pool(PoolGeometry g) {
        return new int[] {g.isMax() ? 1 : 0, g.planes(), g.h(), g.w(), g.kh(), g.kw(), g.stride(), g.pad(), g.oh(), g.ow()};
    }

    /** {@code heads, lq, lk, d, scale} (the scale as float bits). */
    public static int[] attention(AttentionGeometry g) {
        return new int[] {g.heads(), g.lq(), g.lk(), g.d(), Float.floatToRawIntBits((float) g.scale())};
    }
}
