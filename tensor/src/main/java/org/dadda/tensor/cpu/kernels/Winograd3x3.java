package org.dadda.tensor.cpu.kernels;

import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.cpu.Parallel;

/**
 * 3x3 stride-1 convolution and its two gradients by Winograd's minimal filtering F(2x2, 3x3)
 * (Lavin and Gray, 2016): each 2x2 output tile is {@code Y = A^T [(G g G^T) . (B^T d B)] A} for its
 * 4x4 input tile {@code d}, so the channel sums become 16 independent GEMMs, one per position of the
 * 4x4 transformed tile, with 2.25 times fewer multiply-adds than the direct method.
 *
 * <p>The three passes share one tile machinery:
 * <ul>
 *   <li>forward: {@code M[pos] = U[pos] * V[pos]}, {@code U = G g G^T} (out x in per position),
 *       {@code V = B^T d B} (in x tiles), then {@code Y = A^T M A};</li>
 *   <li>input gradient: the forward of {@code gy} with the flipped, transposed weights and the
 *       complementary padding {@code 2 - pad};</li>
 *   <li>weight gradient: the adjoint of the forward, {@code dU[pos] = sum over tiles of dM[pos] V[pos]^T}
 *       with {@code dM = A dY A^T}, then {@code dg = G^T dU G}.</li>
 * </ul>
 *
 * <p>Tiles are processed in chunks of a few hundred, so a chunk's transformed tiles stay in cache
 * between the transform and the GEMMs. Chunks run in sequence; inside a chunk the transforms are split
 * over channels and the 16 GEMMs over positions, every value being computed by one thread in a fixed
 * order, so the results do not depend on the thread count (the weight gradient sums the chunks in
 * order). The transforms add and halve only, so the rounding differs from the direct method's by a
 * few ulps of the intermediate sums; the tests bound it against the direct convolution.
 */
final class Winograd3x3 {

    /** Positions of a transformed 4x4 tile. */
    private static final int POS = 16;

    /** Most tiles per chunk: 1024 keeps a chunk's transformed input within a few MiB. */
    static final int MAX_CHUNK = 1024;

    private final BlockedGemm gemm;
    private final int maxChunk;

    /** Convolutions on {@code gemm} in chunks of at most {@link #MAX_CHUNK} tiles. */
    Winograd3x3(BlockedGemm gemm) {
        this(gemm, MAX_CHUNK);
    }

    /** Convolutions on {@code gemm} in chunks of at most {@code maxChunk} tiles (tests use small chunks). */
    Winograd3x3(BlockedGemm gemm, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("Winograd chunk must hold at least one tile, got " + maxChunk);
        }
        this.gemm = gemm;
        this.maxChunk = maxChunk;
    }

    /**
     * Whether this method computes {@code g}: one group, a 3x3 kernel, stride 1, no dilation, padding of
     * at most 2 (so the input gradient's complementary padding is not negative).
     */
    static boolean supports(ConvGeometry g) {
        return g.groups() == 1 && g.kh() == 3 && g.kw() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.dilH() == 1 && g.dilW() == 1 && g.padH() <= 2 && g.padW() <= 2;
    }

    /** {@code y = conv2d(x, w) + bias} for a geometry {@link #supports} accepts; {@code y} is overwritten. */
    void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y, int yOff) {
        OperandA[] u = transformWeights(w, wOff, g.oc(), g.c(), false, tiles(g.n(), g.oh(), g.ow()));
        convolve(plan(g.n(), g.c(), g.h(), g.w(), g.oc(), g.padH(), g.padW()), u, x, xOff, bias, biasOff,
                y, yOff);
    }

    /** {@code gx} from {@code gy} for a geometry {@link #supports} accepts; {@code gx} is overwritten. */
    void backwardInput(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        OperandA[] u = transformWeights(w, wOff, g.oc(), g.c(), true, tiles(g.n(), g.h(), g.w()));
        convolve(plan(g.n(), g.oc(), g.oh(), g.ow(), g.c(), 2 - g.padH(), 2 - g.padW()), u, gy, gyOff,
                null, 0, gx, gxOff);
    }

    /** {@code gw} summed over the batch for a geometry {@link #supports} accepts; {@code gw} is overwritten. */
    void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        Plan plan = plan(g.n(), g.c(), g.h(), g.w(), g.oc(), g.padH(), g.padW());
        int c = plan.channels;
        int oc = plan.outChannels;
        int tb = plan.chunk;
        float[] v = Scratch.get(Scratch.Slot.WINOGRAD_TILES, POS * plan.inStride);
        float[] dm = Scratch.get(Scratch.Slot.WINOGRAD_PRODUCTS, POS * plan.outStride);
        int duStride = stride(oc * c);
        float[] du = Scratch.get(Scratch.Slot.WINOGRAD_WEIGHTS, POS * duStride);
        for (int t0 = 0; t0 < plan.tiles; t0 += tb) {
            int start = t0;
            int count = Math.min(tb, plan.tiles - t0);
            float beta = t0 == 0 ? 0f : 1f;
            Parallel.forRange(c, 4, (c0, c1) -> plan.transformInput(x, xOff, start, count, v, c0, c1));
            Parallel.forRange(oc, 4, (o0, o1) -> plan.transformOutputGradient(gy, gyOff, start, count, dm, o0, o1));
            Parallel.forRange(POS, 1, (p0, p1) -> {
                for (int pos = p0; pos < p1; pos++) {
                    gemm.multiply(oc, c, count, new DenseOperand(dm, pos * plan.outStride, tb, false),
                            new DenseOperand(v, pos * plan.inStride, tb, true), 1f, beta, du, pos * duStride, c, false);
                }
            });
        }
        Parallel.forRange(oc, 4, (o0, o1) -> {
            float[] t = new float[12];
            for (int o = o0; o < o1; o++) {
                for (int ci = 0; ci < c; ci++) {
                    weightGradientTile(du, o * c + ci, duStride, t, gw, gwOff + (o * c + ci) * 9);
                }
            }
        });
    }

    /**
     * Transforms and packs the weights for every position: {@code U[pos] = (G g G^T)[pos]} as an
     * {@code out x in} GEMM operand. {@code flipped} transforms the input gradient's weights
     * {@code w'[ci][o][i][j] = w[o][ci][2-i][2-j]} instead ({@code in x out}).
     */
    private OperandA[] transformWeights(float[] w, int wOff, int oc, int c, boolean flipped, long tiles) {
        int rows = flipped ? c : oc;
        int cols = flipped ? oc : c;
        int plane = stride(rows * cols);
        float[] u = Scratch.get(Scratch.Slot.WINOGRAD_WEIGHTS, POS * plane);
        Parallel.forRange(oc, 4, (o0, o1) -> {
            float[] g = new float[9];
            for (int o = o0; o < o1; o++) {
                for (int ci = 0; ci < c; ci++) {
                    int src = wOff + (o * c + ci) * 9;
                    for (int k = 0; k < 9; k++) {
                        g[k] = w[src + (flipped ? 8 - k : k)];
                    }
                    int at = flipped ? ci * oc + o : o * c + ci;
                    weightTile(g, u, at, plane);
                }
            }
        });
        OperandA[] result = new OperandA[POS];
        if (!Conv2dKernel.worthPacking(tiles)) {
            for (int pos = 0; pos < POS; pos++) {
                result[pos] = new DenseOperand(u, pos * plane, cols, false);
            }
            return result;
        }
        int size = PrepackedA.size(gemm, rows, cols);
        float[] packed = Scratch.get(Scratch.Slot.WINOGRAD_PACKED_WEIGHTS, POS * size);
        Parallel.forRange(POS, 1, (p0, p1) -> {
            for (int pos = p0; pos < p1; pos++) {
                result[pos] = PrepackedA.pack(gemm, new DenseOperand(u, pos * plane, cols, false), rows, cols, 1f,
                        packed, pos * size);
            }
        });
        return result;
    }

    /** {@code y = conv(src) + bias} over all tiles of {@code plan}, the weights already transformed in {@code u}. */
    private void convolve(Plan plan, OperandA[] u, float[] src, int srcOff, float[] bias, int biasOff,
                          float[] out, int outOff) {
        int c = plan.channels;
        int oc = plan.outChannels;
        int tb = plan.chunk;
        float[] v = Scratch.get(Scratch.Slot.WINOGRAD_TILES, POS * plan.inStride);
        float[] m = Scratch.get(Scratch.Slot.WINOGRAD_PRODUCTS, POS * plan.outStride);
        for (int t0 = 0; t0 < plan.tiles; t0 += tb) {
            int start = t0;
            int count = Math.min(tb, plan.tiles - t0);
            Parallel.forRange(c, 4, (c0, c1) -> plan.transformInput(src, srcOff, start, count, v, c0, c1));
            Parallel.forRange(POS, 1, (p0, p1) -> {
                for (int pos = p0; pos < p1; pos++) {
                    gemm.multiply(oc, count, c, u[pos], new DenseOperand(v, pos * plan.inStride, tb, false), 1f, 0f,
                            m, pos * plan.outStride, tb, false);
                }
            });
            Parallel.forRange(oc, 4, (o0, o1) -> plan.transformOutput(m, start, count, bias, biasOff, out, outOff, o0, o1));
        }
    }

    /**
     * The distance between the 16 position planes of a transformed array: the plane size plus a cache
     * line, so that a tile's 16 values, one per plane, never fall into the same cache set (plane sizes
     * are often multiples of 4 KiB, which would make every access of a tile collide).
     */
    static int stride(int plane) {
        return plane + 16;
    }

    /** 2x2 tiles covering {@code images} outputs of {@code oh x ow}. */
    private static long tiles(int images, int oh, int ow) {
        return (long) images * ((oh + 1) / 2) * ((ow + 1) / 2);
    }

    /** Writes {@code G g G^T} of one 3x3 kernel {@code g} to {@code u[pos * plane + at]} for the 16 positions. */
    private static void weightTile(float[] g, float[] u, int at, int plane) {
        for (int row = 0; row < 4; row++) {
            // (G g) row: g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2 over the kernel's rows.
            float a;
            float b;
            float cc;
            switch (row) {
                case 0 -> {
                    a = g[0];
                    b = g[1];
                    cc = g[2];
                }
                case 1 -> {
                    a = 0.5f * (g[0] + g[3] + g[6]);
                    b = 0.5f * (g[1] + g[4] + g[7]);
                    cc = 0.5f * (g[2] + g[5] + g[8]);
                }
                case 2 -> {
                    a = 0.5f * (g[0] - g[3] + g[6]);
                    b = 0.5f * (g[1] - g[4] + g[7]);
                    cc = 0.5f * (g[2] - g[5] + g[8]);
                }
                default -> {
                    a = g[6];
                    b = g[7];
                    cc = g[8];
                }
            }
            int p = row * 4;
            u[p * plane + at] = a;
            u[(p + 1) * plane + at] = 0.5f * (a + b + cc);
            u[(p + 2) * plane + at] = 0.5f * (a - b + cc);
            u[(p + 3) * plane + at] = cc;
        }
    }

    /** {@code gw[0..9) = G^T dU G} for the 4x4 gradient {@code du[pos * plane + at]}; {@code t} is scratch. */
    private static void weightGradientTile(float[] du, int at, int plane, float[] t, float[] gw, int gwOff) {
        for (int j = 0; j < 4; j++) {
            float u0 = du[j * plane + at];
            float u1 = du[(4 + j) * plane + at];
            float u2 = du[(8 + j) * plane + at];
            float u3 = du[(12 + j) * plane + at];
            t[j] = u0 + 0.5f * (u1 + u2);
            t[4 + j] = 0.5f * (u1 - u2);
            t[8 + j] = 0.5f * (u1 + u2) + u3;
        }
        for (int i = 0; i < 3; i++) {
            float p = t[i * 4];
            float q = t[i * 4 + 1];
            float r = t[i * 4 + 2];
            float s = t[i * 4 + 3];
            gw[gwOff + i * 3] = p + 0.5f * (q + r);
            gw[gwOff + i * 3 + 1] = 0.5f * (q - r);
            gw[gwOff + i * 3 + 2] = 0.5f * (q + r) + s;
        }
    }

    /**
     * The tiling of one convolution: images of {@code channels x h x w} padded by {@code padH, padW}
     * into 2x2 output tiles, numbered image by image, row by row, and the chunk of tiles processed at once.
     */
    private Plan plan(int images, int channels, int h, int w, int outChannels, int padH, int padW) {
        return new Plan(images, channels, h, w, outChannels, padH, padW, gemm.nr(), maxChunk);
    }

    /** A run of consecutive tiles {@code [tx0, tx1)} of tile row {@code ty} of image {@code img}, the first at {@code local} in its chunk. */
    @FunctionalInterface
    private interface Run {
        void run(int img, int ty, int tx0, int tx1, int local);
    }

    private static final class Plan {
        final int images;
        final int channels;
        final int h;
        final int w;
        final int outChannels;
        final int padH;
        final int padW;
        final int oh;
        final int ow;
        final int tilesH;
        final int tilesW;
        final int tiles;
        final int chunk;
        /** Distance between two positions' planes of transformed input tiles. */
        final int inStride;
        /** Distance between two positions' planes of products or output gradients. */
        final int outStride;

        Plan(int images, int channels, int h, int w, int outChannels, int padH, int padW, int nr, int maxChunk) {
            this.images = images;
            this.channels = channels;
            this.h = h;
            this.w = w;
            this.outChannels = outChannels;
            this.padH = padH;
            this.padW = padW;
            this.oh = h + 2 * padH - 2;
            this.ow = w + 2 * padW - 2;
            this.tilesH = (oh + 1) / 2;
            this.tilesW = (ow + 1) / 2;
            this.tiles = images * tilesH * tilesW;
            // About 16K floats per position and operand (1 MiB for all 16 positions): a chunk's
            // transformed tiles and products then stay in L2 from transform to GEMM to inverse
            // transform; never fewer columns than a few micro-panels.
            int target = Math.max(4 * nr, (1 << 14) / Math.max(channels, outChannels));
            int rounded = Math.min(maxChunk, (target + nr - 1) / nr * nr);
            this.chunk = Math.min(rounded, tiles);
            this.inStride = stride(channels * chunk);
            this.outStride = stride(outChannels * chunk);
        }

        /**
         * {@code v[(pos * channels + ci) * chunk + t - start] = (B^T d B)[pos]} for the tiles
         * {@code [start, start + count)} and channels {@code [c0, c1)}.
         */
        void transformInput(float[] x, int xOff, int start, int count, float[] v, int c0, int c1) {
            int span = 2 * tilesW + 2;
            int half = tilesW + 1;
            float[] rows = new float[4 * span];
            // Row stage, split into even and odd columns so that the column stage reads contiguously.
            float[] even = new float[4 * half];
            float[] odd = new float[4 * half];
            int plane = inStride;
            for (int ci = c0; ci < c1; ci++) {
                int channel = ci;
                forEachRun(start, count, (img, ty, tx0, tx1, local) -> {
                    int base = xOff + (img * channels + channel) * h * w;
                    for (int i = 0; i < 4; i++) {
                        fillRow(x, base, 2 * ty - padH + i, rows, i * span, span);
                    }
                    // Rows of B^T d: d0 - d2, d1 + d2, d2 - d1, d1 - d3.
                    for (int q = tx0; q <= tx1; q++) {
                        int k = 2 * q;
                        float a0 = rows[k];
                        float a1 = rows[span + k];
                        float a2 = rows[2 * span + k];
                        float a3 = rows[3 * span + k];
                        float b0 = rows[k + 1];
                        float b1 = rows[span + k + 1];
                        float b2 = rows[2 * span + k + 1];
                        float b3 = rows[3 * span + k + 1];
                        even[q] = a0 - a2;
                        even[half + q] = a1 + a2;
                        even[2 * half + q] = a2 - a1;
                        even[3 * half + q] = a1 - a3;
                        odd[q] = b0 - b2;
                        odd[half + q] = b1 + b2;
                        odd[2 * half + q] = b2 - b1;
                        odd[3 * half + q] = b1 - b3;
                    }
                    // Columns: tile tx reads columns 2tx .. 2tx+3, i.e. even[tx], odd[tx], even[tx+1], odd[tx+1].
                    int dst = channel * chunk + local - tx0;
                    for (int r = 0; r < 4; r++) {
                        int rb = r * half;
                        int p0 = (4 * r) * plane + dst;
                        int p1 = p0 + plane;
                        int p2 = p1 + plane;
                        int p3 = p2 + plane;
                        for (int tx = tx0; tx < tx1; tx++) {
                            float e0 = even[rb + tx];
                            float o0 = odd[rb + tx];
                            float e1 = even[rb + tx + 1];
                            float o1 = odd[rb + tx + 1];
                            v[p0 + tx] = e0 - e1;
                            v[p1 + tx] = o0 + e1;
                            v[p2 + tx] = e1 - o0;
                            v[p3 + tx] = o0 - o1;
                        }
                    }
                });
            }
        }

        /** Row {@code iy} of the image at {@code base}, shifted right by the padding, zeros outside it. */
        private void fillRow(float[] x, int base, int iy, float[] dst, int off, int span) {
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(dst, off, off + span, 0f);
                return;
            }
            java.util.Arrays.fill(dst, off, off + padW, 0f);
            int n = Math.min(w, span - padW);
            System.arraycopy(x, base + iy * w, dst, off + padW, n);
            java.util.Arrays.fill(dst, off + padW + n, off + span, 0f);
        }

        /**
         * Calls {@code body} for each run of consecutive tiles of one tile row among the tiles
         * {@code [start, start + count)}, so the per-tile loops need no division.
         */
        void forEachRun(int start, int count, Run body) {
            int perImage = tilesH * tilesW;
            int t = start;
            int end = start + count;
            while (t < end) {
                int img = t / perImage;
                int rest = t - img * perImage;
                int ty = rest / tilesW;
                int tx0 = rest - ty * tilesW;
                int tx1 = Math.min(tilesW, tx0 + (end - t));
                body.run(img, ty, tx0, tx1, t - start);
                t += tx1 - tx0;
            }
        }

        /**
         * {@code out = A^T M A (+ bias)} for the tiles {@code [start, start + count)} and output
         * channels {@code [o0, o1)}, dropping the half tiles past an odd output edge.
         */
        void transformOutput(float[] m, int start, int count, float[] bias, int biasOff, float[] out, int outOff,
                             int o0, int o1) {
            int plane = outStride;
            for (int o = o0; o < o1; o++) {
                float add = bias == null ? 0f : bias[biasOff + o];
                int channel = o;
                forEachRun(start, count, (img, ty, tx0, tx1, local) -> {
                    int oy = 2 * ty;
                    boolean down = oy + 1 < oh;
                    int row = outOff + ((img * outChannels + channel) * oh + oy) * ow;
                    int at = channel * chunk + local - tx0;
                    for (int tx = tx0; tx < tx1; tx++) {
                        int i = at + tx;
                        float m0 = m[i];
                        float m1 = m[i + plane];
                        float m2 = m[i + 2 * plane];
                        float m3 = m[i + 3 * plane];
                        float m4 = m[i + 4 * plane];
                        float m5 = m[i + 5 * plane];
                        float m6 = m[i + 6 * plane];
                        float m7 = m[i + 7 * plane];
                        float m8 = m[i + 8 * plane];
                        float m9 = m[i + 9 * plane];
                        float m10 = m[i + 10 * plane];
                        float m11 = m[i + 11 * plane];
                        float m12 = m[i + 12 * plane];
                        float m13 = m[i + 13 * plane];
                        float m14 = m[i + 14 * plane];
                        float m15 = m[i + 15 * plane];
                        // Rows of A^T M: s0 = M0 + M1 + M2, s1 = M1 - M2 - M3; then the same on columns.
                        float s00 = m0 + m4 + m8;
                        float s01 = m1 + m5 + m9;
                        float s02 = m2 + m6 + m10;
                        float s03 = m3 + m7 + m11;
                        float s10 = m4 - m8 - m12;
                        float s11 = m5 - m9 - m13;
                        float s12 = m6 - m10 - m14;
                        float s13 = m7 - m11 - m15;
                        int ox = 2 * tx;
                        int dst = row + ox;
                        boolean right = ox + 1 < ow;
                        out[dst] = s00 + s01 + s02 + add;
                        if (right) {
                            out[dst + 1] = s01 - s02 - s03 + add;
                        }
                        if (down) {
                            out[dst + ow] = s10 + s11 + s12 + add;
                            if (right) {
                                out[dst + ow + 1] = s11 - s12 - s13 + add;
                            }
                        }
                    }
                });
            }
        }

        /**
         * {@code dm = A dY A^T} of the output gradient for the tiles {@code [start, start + count)} and
         * output channels {@code [o0, o1)}, zero where a half tile passes an odd output edge.
         */
        void transformOutputGradient(float[] gy, int gyOff, int start, int count, float[] dm, int o0, int o1) {
            int plane = outStride;
            for (int o = o0; o < o1; o++) {
                int channel = o;
                forEachRun(start, count, (img, ty, tx0, tx1, local) -> {
                    int oy = 2 * ty;
                    boolean down = oy + 1 < oh;
                    int row = gyOff + ((img * outChannels + channel) * oh + oy) * ow;
                    int at = channel * chunk + local - tx0;
                    for (int tx = tx0; tx < tx1; tx++) {
                        int ox = 2 * tx;
                        int src = row + ox;
                        boolean right = ox + 1 < ow;
                        float y00 = gy[src];
                        float y01 = right ? gy[src + 1] : 0f;
                        float y10 = down ? gy[src + ow] : 0f;
                        float y11 = right && down ? gy[src + ow + 1] : 0f;
                        int i = at + tx;
                        // Rows of A dY: y0, y0 + y1, y0 - y1, -y1; then each row (u, v) -> (u, u+v, u-v, -v).
                        rowOut(dm, i, plane, 0, y00, y01);
                        rowOut(dm, i, plane, 4, y00 + y10, y01 + y11);
                        rowOut(dm, i, plane, 8, y00 - y10, y01 - y11);
                        rowOut(dm, i, plane, 12, -y10, -y11);
                    }
                });
            }
        }

        private static void rowOut(float[] dm, int at, int plane, int pos, float u, float v) {
            dm[pos * plane + at] = u;
            dm[(pos + 1) * plane + at] = u + v;
            dm[(pos + 2) * plane + at] = u - v;
            dm[(pos + 3) * plane + at] = -v;
        }
    }
}
