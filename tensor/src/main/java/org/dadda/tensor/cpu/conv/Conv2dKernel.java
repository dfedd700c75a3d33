package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.gemm.BlockedGemm;
import org.dadda.tensor.cpu.gemm.DenseOperand;
import org.dadda.tensor.cpu.gemm.OperandA;
import org.dadda.tensor.cpu.gemm.OperandB;
import org.dadda.tensor.cpu.gemm.PrepackedA;
import org.dadda.tensor.cpu.support.Scratch;
import org.dadda.tensor.cpu.support.Tasks;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.parallel.Parallel;

import java.util.Arrays;

/**
 * 2-d convolution (NCHW input, OIHW weights, groups, stride, padding, dilation as in
 * {@link ConvGeometry}) and its two gradients, as GEMMs on one kernel family's {@link BlockedGemm}.
 *
 * <p>Methods, chosen by measurement on a 2-core AVX-512 machine (3x3 convolutions of 64 to 256
 * channels; the padded-width method ran 15-25% faster than packing an im2col panel for every block):
 * <ul>
 *   <li>3x3 stride-1 convolutions with enough channels and tiles ({@link #usesWinograd}): all three
 *       passes by {@link Winograd3x3}; everything below applies to the other geometries.</li>
 *   <li>forward, stride 1: per image and group, {@code Y = W * cols(x)} by the padded-width method
 *       ({@link Stride1}): the image is copied once into a zero-padded buffer and the GEMM reads the
 *       column matrix's rows in place as shifted runs of it ({@link PaddedImageOperand}), so nothing
 *       is packed; a 1x1 unpadded convolution multiplies the image itself. Strided: the column
 *       matrix is packed block by block straight from the image ({@link Im2colOperand}). The weights
 *       are packed once per call and shared by all threads.</li>
 *   <li>input gradient, stride 1: the convolution of {@code gy} with the flipped, transposed weights
 *       and padding {@code (k-1)*dil - pad}, by the same method; strided: {@code cols = W^T * gy}
 *       into a reused buffer, then scattered back (col2im).</li>
 *   <li>weight gradient: per group, {@code gW = sum over images of gy * cols(x)^T}, the transposed
 *       column matrix read in place from a padded channels-last copy of each image
 *       ({@link HwcIm2colOperand}: one kernel tap's consecutive channels are contiguous there).</li>
 * </ul>
 *
 * Images and groups run side by side on the worker pool when they split evenly, otherwise each GEMM
 * is split inside; every output element is computed the same way in both cases, and the weight
 * gradient sums the images in order, so results do not depend on the thread count.
 */
public final class Conv2dKernel {

    /**
     * Output columns (images x pixels) from which the weights are packed once per call and shared by
     * the threads; below it the GEMM reads them in place. At batch 1 on small maps, packing every
     * weight on every call cost as much as the products (45% of a ResNet-18 inference).
     */
    static final long PREPACK_MIN_COLUMNS = 2048;

    /** Whether weights multiplying {@code columns} output columns are worth packing. */
    static boolean worthPacking(long columns) {
        return columns >= PREPACK_MIN_COLUMNS;
    }

    private final BlockedGemm gemm;
    private final Winograd3x3 winograd;

    /** Convolutions on {@code gemm}, with Winograd's method (its transforms on {@code loops}) where it is faster. */
    public Conv2dKernel(BlockedGemm gemm, WinogradLoops loops) {
        this(gemm, loops, true);
    }

    /**
     * Convolutions on {@code gemm}; {@code winograd} allows {@link Winograd3x3} (its transforms on
     * {@code loops}) for the 3x3 stride-1 convolutions where {@link #usesWinograd} says it is faster.
     */
    public Conv2dKernel(BlockedGemm gemm, WinogradLoops loops, boolean winograd) {
        this.gemm = gemm;
        this.winograd = winograd ? new Winograd3x3(gemm, loops) : null;
    }

    /**
     * Whether this kernel computes {@code g} by Winograd's method: a 3x3 stride-1 convolution of one
     * group with at least {@value #WINOGRAD_MIN_TILES} 2x2 output tiles whose input and output channels
     * have a harmonic mean of at least {@value #WINOGRAD_MIN_CHANNELS}. The transforms cost work in
     * proportion to {@code c + oc} per tile while the GEMMs they shrink cost {@code c * oc}, so the
     * method pays off only with enough channels on both sides: measured on 2 AVX-512 cores (batch 8,
     * forward and backward), 64 channels gained 1.4-1.55x over the direct method, 32 channels broke even.
     */
    public boolean usesWinograd(ConvGeometry g) {
        if (winograd == null || !Winograd3x3.supports(g)
                || 2L * g.c() * g.oc() < (long) WINOGRAD_MIN_CHANNELS * (g.c() + g.oc())) {
            return false;
        }
        long tiles = (long) g.n() * ((g.oh() + 1) / 2) * ((g.ow() + 1) / 2);
        return tiles >= WINOGRAD_MIN_TILES;
    }

    private static final int WINOGRAD_MIN_CHANNELS = 64;
    private static final int WINOGRAD_MIN_TILES = 32;

    /**
     * {@code y = conv2d(x, w) + bias}; {@code y} is overwritten.
     *
     * @param bias per output channel from {@code biasOff}, or {@code null}
     * @throws IllegalArgumentException if an array is too short for the geometry from its offset
     */
    public void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                        float[] y, int yOff) {
        int groups = g.groups();
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        int khw = g.kh() * g.kw();
        int kdim = cg * khw;
        int hw = g.h() * g.w();
        int p = g.oh() * g.ow();
        require("x", x, xOff, (long) g.n() * g.c() * hw, g);
        require("weight", w, wOff, (long) g.oc() * kdim, g);
        if (bias != null) {
            require("bias", bias, biasOff, g.oc(), g);
        }
        require("y", y, yOff, (long) g.n() * g.oc() * p, g);
        if (usesWinograd(g)) {
            winograd.forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff);
            return;
        }
        OperandA[] packed = packGroups(g, w, wOff, false, (long) g.n() * p);
        if (isPointwise(g) || g.strideH() != 1 || g.strideW() != 1) {
            Tasks.run(g.n() * groups, (t, inside) -> {
                int b = t / groups;
                int gi = t - b * groups;
                int xBase = xOff + (b * g.c() + gi * cg) * hw;
                OperandB cols = isPointwise(g) ? new DenseOperand(x, xBase, p, false)
                        : new Im2colOperand(x, xBase, g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                        g.padH(), g.padW(), g.dilH(), g.dilW(), g.ow());
                int yBase = yOff + (b * g.oc() + gi * ocg) * p;
                gemm.multiply(ocg, p, kdim, packed[gi], cols, 1f, 0f, y, yBase, p, inside);
                if (bias != null) {
                    for (int o = 0; o < ocg; o++) {
                        addConstant(y, yBase + o * p, p, bias[biasOff + gi * ocg + o]);
                    }
                }
            });
            return;
        }
        Stride1 conv = new Stride1(cg, g.h(), g.w(), g.kh(), g.kw(), g.padH(), g.padW(), g.dilH(), g.dilW());
        Tasks.run(g.n() * groups, (t, inside) -> {
            int b = t / groups;
            int gi = t - b * groups;
            conv.run(packed[gi], ocg, x, xOff + (b * g.c() + gi * cg) * hw, y, yOff + (b * g.oc() + gi * ocg) * p,
                    bias, bias == null ? 0 : biasOff + gi * ocg, inside);
        });
    }

    /**
     * {@code gx = d(loss)/d(x)} from {@code gy = d(loss)/d(y)}; {@code gx} is overwritten.
     *
     * @throws IllegalArgumentException if an array is too short for the geometry from its offset
     */
    public void backwardInput(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        int groups = g.groups();
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        int khw = g.kh() * g.kw();
        int kdim = cg * khw;
        int hw = g.h() * g.w();
        int p = g.oh() * g.ow();
        require("gy", gy, gyOff, (long) g.n() * g.oc() * p, g);
        require("weight", w, wOff, (long) g.oc() * kdim, g);
        require("gx", gx, gxOff, (long) g.n() * g.c() * hw, g);
        if (usesWinograd(g)) {
            winograd.backwardInput(g, gy, gyOff, w, wOff, gx, gxOff);
            return;
        }
        int padH = (g.kh() - 1) * g.dilH() - g.padH();
        int padW = (g.kw() - 1) * g.dilW() - g.padW();
        if (g.strideH() == 1 && g.strideW() == 1) {
            // The input gradient of a stride-1 convolution is the convolution of gy with the flipped,
            // transposed weights and the complementary padding.
            OperandA[] packed = packGroups(g, w, wOff, true, (long) g.n() * hw);
            if (isPointwise(g) || padH < 0 || padW < 0) {
                Tasks.run(g.n() * groups, (t, inside) -> {
                    int b = t / groups;
                    int gi = t - b * groups;
                    int gyBase = gyOff + (b * g.oc() + gi * ocg) * p;
                    OperandB cols = isPointwise(g) ? new DenseOperand(gy, gyBase, p, false)
                            : new Im2colOperand(gy, gyBase, g.oh(), g.ow(), g.kh(), g.kw(), 1, 1, padH, padW,
                            g.dilH(), g.dilW(), g.w());
                    gemm.multiply(cg, hw, ocg * khw, packed[gi], cols, 1f, 0f, gx, gxOff + (b * g.c() + gi * cg) * hw, hw, inside);
                });
                return;
            }
            Stride1 conv = new Stride1(ocg, g.oh(), g.ow(), g.kh(), g.kw(), padH, padW, g.dilH(), g.dilW());
            Tasks.run(g.n() * groups, (t, inside) -> {
                int b = t / groups;
                int gi = t - b * groups;
                conv.run(packed[gi], cg, gy, gyOff + (b * g.oc() + gi * ocg) * p, gx, gxOff + (b * g.c() + gi * cg) * hw,
                        null, 0, inside);
            });
            return;
        }
        OperandA[] packed = packGroupsTransposed(g, w, wOff, (long) g.n() * p);
        Tasks.run(g.n() * groups, (t, inside) -> {
            int b = t / groups;
            int gi = t - b * groups;
            float[] cols = Scratch.get(Scratch.Slot.CONV_COLUMNS, kdim * p);
            gemm.multiply(kdim, p, ocg, packed[gi], new DenseOperand(gy, gyOff + (b * g.oc() + gi * ocg) * p, p, false),
                    1f, 0f, cols, 0, p, inside);
            col2im(g, cols, gx, gxOff + (b * g.c() + gi * cg) * hw);
        });
    }

    /**
     * {@code gw = d(loss)/d(w)} summed over the batch; {@code gw} is overwritten.
     *
     * @throws IllegalArgumentException if an array is too short for the geometry from its offset
     */
    public void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        int groups = g.groups();
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        int khw = g.kh() * g.kw();
        int kdim = cg * khw;
        int hw = g.h() * g.w();
        int p = g.oh() * g.ow();
        require("x", x, xOff, (long) g.n() * g.c() * hw, g);
        require("gy", gy, gyOff, (long) g.n() * g.oc() * p, g);
        require("grad weight", gw, gwOff, (long) g.oc() * kdim, g);
        if (usesWinograd(g)) {
            winograd.backwardWeight(g, x, xOff, gy, gyOff, gw, gwOff);
            return;
        }
        int ph = g.h() + 2 * g.padH();
        int pw = g.w() + 2 * g.padW();
        int[] pixelRows = HwcIm2colOperand.pixelTable(g.oh(), g.ow(), pw, cg, g.strideH(), g.strideW(),
                Scratch.ints(Scratch.IntSlot.CONV_PIXEL_ROWS, p));
        Tasks.run(groups, (gi, inside) -> {
            float[] acc = Scratch.get(Scratch.Slot.CONV_GRAD_W, ocg * kdim);
            float[] hwc = Scratch.get(Scratch.Slot.CONV_HWC, ph * pw * cg);
            HwcIm2colOperand cols = new HwcIm2colOperand(hwc, pixelRows, pw, cg, g.kw(), g.dilH(), g.dilW());
            for (int b = 0; b < g.n(); b++) {
                int xBase = xOff + (b * g.c() + gi * cg) * hw;
                if (inside) {
                    Parallel.forRange(ph, 4, (y0, y1) ->
                            HwcIm2colOperand.toPaddedHwc(x, xBase, cg, g.h(), g.w(), g.padH(), g.padW(), hwc, y0, y1));
                } else {
                    HwcIm2colOperand.toPaddedHwc(x, xBase, cg, g.h(), g.w(), g.padH(), g.padW(), hwc, 0, ph);
                }
                gemm.multiply(ocg, kdim, p, new DenseOperand(gy, gyOff + (b * g.oc() + gi * ocg) * p, p, false), cols,
                        1f, b == 0 ? 0f : 1f, acc, 0, kdim, inside);
            }
            // acc holds (out, i, j, ci); the weights are (out, ci, i, j).
            for (int o = 0; o < ocg; o++) {
                int dst = gwOff + (gi * ocg + o) * kdim;
                for (int tap = 0; tap < khw; tap++) {
                    int src = o * kdim + tap * cg;
                    for (int ci = 0; ci < cg; ci++) {
                        gw[dst + ci * khw + tap] = acc[src + ci];
                    }
                }
            }
        });
    }

    /**
     * One image-group of a stride-1 convolution by the padded-width method: the image is copied once
     * into a zero-padded buffer whose shifted rows the GEMM reads in place ({@link PaddedImageOperand}),
     * the product is computed over padded-width columns and the junk columns are dropped on the copy
     * out. Holds the geometry and the row table, shared read-only by all tasks of one call.
     */
    private final class Stride1 {
        private final int channels;
        private final int h;
        private final int w;
        private final int kw;
        private final int padH;
        private final int padW;
        private final int dilW;
        private final int oh;
        private final int ow;
        private final int pw;
        private final int depth;
        private final int[] rows;

        Stride1(int channels, int h, int w, int kh, int kw, int padH, int padW, int dilH, int dilW) {
            this.channels = channels;
            this.h = h;
            this.w = w;
            this.kw = kw;
            this.padH = padH;
            this.padW = padW;
            this.dilW = dilW;
            this.oh = h + 2 * padH - dilH * (kh - 1);
            this.ow = w + 2 * padW - dilW * (kw - 1);
            this.pw = w + 2 * padW;
            this.depth = channels * kh * kw;
            this.rows = PaddedImageOperand.rowTable(channels, h, w, padH, padW, kh, kw, dilH, dilW,
                    Scratch.ints(Scratch.IntSlot.CONV_ROWS, depth));
        }

        /** {@code out[o][oy][ox] = sum A[o][(ci,i,j)] * src[ci][oy+i*dil-pad][ox+j*dil-pad] (+ bias[o])} for {@code m} outputs. */
        void run(OperandA a, int m, float[] src, int srcBase, float[] out, int outBase, float[] bias, int biasOff,
                 boolean inside) {
            int nr = gemm.nr();
            float[] padded = Scratch.get(Scratch.Slot.CONV_PADDED,
                    PaddedImageOperand.paddedSize(channels, h, w, padH, padW, kw, dilW, nr));
            if (inside) {
                Parallel.forRange(channels, 4, (c0, c1) -> PaddedImageOperand.pad(src, srcBase, channels, h, w, padH, padW,
                        kw, dilW, nr, padded, c0, c1));
            } else {
                PaddedImageOperand.pad(src, srcBase, channels, h, w, padH, padW, kw, dilW, nr, padded, 0, channels);
            }
            int n = oh * pw;
            float[] wide = Scratch.get(Scratch.Slot.CONV_OUT_PADDED, m * n);
            gemm.multiply(m, n, depth, a, new PaddedImageOperand(padded, rows), 1f, 0f, wide, 0, n, inside);
            int p = oh * ow;
            for (int o = 0; o < m; o++) {
                float v = bias == null ? 0f : bias[biasOff + o];
                for (int oy = 0; oy < oh; oy++) {
                    int from = o * n + oy * pw;
                    int to = outBase + o * p + oy * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        out[to + ox] = wide[from + ox] + v;
                    }
                }
            }
        }
    }

    private static void addConstant(float[] y, int off, int n, float v) {
        for (int i = off; i < off + n; i++) {
            y[i] += v;
        }
    }

    private static boolean isPointwise(ConvGeometry g) {
        return g.kh() == 1 && g.kw() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /**
     * Packs each group's weights once: as {@code ocg x (cg*kh*kw)} for the forward pass, or flipped and
     * transposed to {@code cg x (ocg*kh*kw)} ({@code [ci][o][kh-1-i][kw-1-j]}) for the stride-1 input gradient.
     */
    private OperandA[] packGroups(ConvGeometry g, float[] w, int wOff, boolean flipped, long columns) {
        int groups = g.groups();
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        int khw = g.kh() * g.kw();
        int kdim = cg * khw;
        int rows = flipped ? cg : ocg;
        int depth = flipped ? ocg * khw : kdim;
        float[] src = w;
        int srcOff = wOff;
        if (flipped) {
            src = Scratch.get(Scratch.Slot.CONV_FLIPPED_W, g.oc() * kdim);
            for (int gi = 0; gi < groups; gi++) {
                int gBase = gi * ocg * kdim;
                for (int o = 0; o < ocg; o++) {
                    for (int ci = 0; ci < cg; ci++) {
                        int from = wOff + gBase + o * kdim + ci * khw;
                        int to = gBase + ci * depth + o * khw + khw - 1;
                        for (int tap = 0; tap < khw; tap++) {
                            src[to - tap] = w[from + tap];
                        }
                    }
                }
            }
            srcOff = 0;
        }
        OperandA[] packed = new OperandA[groups];
        if (!worthPacking(columns)) {
            for (int gi = 0; gi < groups; gi++) {
                packed[gi] = new DenseOperand(src, srcOff + gi * ocg * kdim, depth, false);
            }
            return packed;
        }
        int size = PrepackedA.size(gemm, rows, depth);
        float[] buf = Scratch.get(Scratch.Slot.CONV_PACKED_W, size * groups);
        for (int gi = 0; gi < groups; gi++) {
            packed[gi] = PrepackedA.pack(gemm, new DenseOperand(src, srcOff + gi * ocg * kdim, depth, false),
                    rows, depth, 1f, buf, gi * size);
        }
        return packed;
    }

    /** Packs each group's {@code W^T} ({@code (cg*kh*kw) x ocg}) for the strided input gradient. */
    private OperandA[] packGroupsTransposed(ConvGeometry g, float[] w, int wOff, long columns) {
        int ocg = g.ocPerGroup();
        int kdim = g.cPerGroup() * g.kh() * g.kw();
        OperandA[] packed = new OperandA[g.groups()];
        if (!worthPacking(columns)) {
            for (int gi = 0; gi < g.groups(); gi++) {
                packed[gi] = new DenseOperand(w, wOff + gi * ocg * kdim, kdim, true);
            }
            return packed;
        }
        int size = PrepackedA.size(gemm, kdim, ocg);
        float[] buf = Scratch.get(Scratch.Slot.CONV_PACKED_W, size * g.groups());
        for (int gi = 0; gi < g.groups(); gi++) {
            packed[gi] = PrepackedA.pack(gemm, new DenseOperand(w, wOff + gi * ocg * kdim, kdim, true),
                    kdim, ocg, 1f, buf, gi * size);
        }
        return packed;
    }

    /** Overwrites one image-group of {@code gx} with the sum of the column entries that read each pixel. */
    private static void col2im(ConvGeometry g, float[] cols, float[] gx, int base) {
        int h = g.h();
        int w = g.w();
        int oh = g.oh();
        int ow = g.ow();
        int p = oh * ow;
        Arrays.fill(gx, base, base + g.cPerGroup() * h * w, 0f);
        int row = 0;
        for (int ci = 0; ci < g.cPerGroup(); ci++) {
            int chan = base + ci * h * w;
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row += p) {
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + i * g.dilH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = row + oy * ow;
                        int dst = chan + iy * w;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() - g.padW() + j * g.dilW();
                            if (ix >= 0 && ix < w) {
                                gx[dst + ix] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void require(String name, float[] a, int off, long len, ConvGeometry g) {
        if (a == null) {
            throw new IllegalArgumentException("conv2d: " + name + " is null for " + g);
        }
        if (off < 0 || off + len > a.length) {
            throw new IllegalArgumentException("conv2d: " + name + " needs " + len + " floats from offset " + off
                    + " but its array holds " + a.length + ", for " + g);
        }
    }
}
