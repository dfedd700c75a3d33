package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.gemm.BlockedGemm;
import org.dadda.tensor.cpu.gemm.DenseOperand;
import org.dadda.tensor.cpu.gemm.OperandA;
import org.dadda.tensor.cpu.gemm.PrepackedA;
import org.dadda.tensor.cpu.support.Scratch;
import org.dadda.tensor.cpu.support.Tasks;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.parallel.Parallel;

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
 * between the transform and the GEMMs. Chunks run side by side on the worker pool (or, when they do
 * not split evenly, in sequence with the transforms split over channels and the 16 GEMMs over
 * positions); every value is computed by one thread in a fixed order, and the weight gradient sums
 * its chunks in a fixed number of groups added in order, so the results do not depend on the thread
 * count. The transforms add and halve only, so the rounding differs from the direct method's by a
 * few ulps of the intermediate sums; the tests bound it against the direct convolution.
 */
final class Winograd3x3 {

    /** Positions of a transformed 4x4 tile. */
    private static final int POS = 16;

    /** Most tiles per chunk: 1024 keeps a chunk's transformed input within a few MiB. */
    static final int MAX_CHUNK = 1024;

    private final BlockedGemm gemm;
    private final WinogradLoops loops;
    private final int maxChunk;

    /** Convolutions on {@code gemm} and the transform {@code loops}, in chunks of at most {@link #MAX_CHUNK} tiles. */
    Winograd3x3(BlockedGemm gemm, WinogradLoops loops) {
        this(gemm, loops, MAX_CHUNK);
    }

    /** The same in chunks of at most {@code maxChunk} tiles (tests use small chunks). */
    Winograd3x3(BlockedGemm gemm, WinogradLoops loops, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("Winograd chunk must hold at least one tile, got " + maxChunk);
        }
        this.gemm = gemm;
        this.loops = loops;
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
        Plan plan = plan(g.n(), g.c(), g.h(), g.w(), g.oc(), g.padH(), g.padW());
        convolve(plan, transformWeights(w, wOff, g.oc(), g.c(), false, plan.tiles), x, xOff, bias, biasOff, y, yOff);
    }

    /** {@code gx} from {@code gy} for a geometry {@link #supports} accepts; {@code gx} is overwritten. */
    void backwardInput(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        Plan plan = plan(g.n(), g.oc(), g.oh(), g.ow(), g.c(), 2 - g.padH(), 2 - g.padW());
        convolve(plan, transformWeights(w, wOff, g.oc(), g.c(), true, plan.tiles), gy, gyOff, null, 0, gx, gxOff);
    }

    /**
     * Fixed number of partial weight gradients: chunks are dealt to these groups by position alone, each
     * group sums its chunks in order and the groups are added in order, so the result does not depend
     * on how many threads run the groups.
     */
    private static final int GRADIENT_GROUPS = 4;

    /** {@code gw} summed over the batch for a geometry {@link #supports} accepts; {@code gw} is overwritten. */
    void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        Plan plan = plan(g.n(), g.c(), g.h(), g.w(), g.oc(), g.padH(), g.padW());
        int c = plan.channels;
        int oc = plan.outChannels;
        int tb = plan.chunk;
        int chunks = plan.chunks;
        int groups = Math.min(GRADIENT_GROUPS, chunks);
        int duStride = stride(oc * c);
        int groupSize = POS * duStride;
        float[] du = Scratch.get(Scratch.Slot.WINOGRAD_WEIGHTS, groups * groupSize);
        Tasks.run(groups, (gi, inside) -> {
            float[] v = Scratch.get(Scratch.Slot.WINOGRAD_TILES, POS * plan.inStride);
            float[] dm = Scratch.get(Scratch.Slot.WINOGRAD_PRODUCTS, POS * plan.outStride);
            int first = (int) ((long) gi * chunks / groups);
            int last = (int) ((long) (gi + 1) * chunks / groups);
            for (int k = first; k < last; k++) {
                int start = k * tb;
                int count = Math.min(tb, plan.tiles - start);
                float beta = k == first ? 0f : 1f;
                range(inside, c, 4, (c0, c1) -> plan.transformInput(x, xOff, start, count, v, c0, c1));
                range(inside, oc, 4, (o0, o1) -> plan.transformOutputGradient(gy, gyOff, start, count, dm, o0, o1));
                range(inside, POS, 1, (p0, p1) -> {
                    for (int pos = p0; pos < p1; pos++) {
                        gemm.multiply(oc, c, count, new DenseOperand(dm, pos * plan.outStride, tb, false),
                                new DenseOperand(v, pos * plan.inStride, tb, true), 1f, beta, du,
                                gi * groupSize + pos * duStride, c, false);
                    }
                });
            }
        });
        Parallel.forRange(oc, 4, (o0, o1) -> {
            float[] t = new float[12];
            for (int gi = 1; gi < groups; gi++) {
                for (int pos = 0; pos < POS; pos++) {
                    int to = pos * duStride + o0 * c;
                    int from = gi * groupSize + to;
                    for (int i = 0; i < (o1 - o0) * c; i++) {
                        du[to + i] += du[from + i];
                    }
                }
            }
            for (int o = o0; o < o1; o++) {
                for (int ci = 0; ci < c; ci++) {
                    weightGradientTile(du, o * c + ci, duStride, t, gw, gwOff + (o * c + ci) * 9);
                }
            }
        });
    }

    /** {@code body} over {@code [0, n)}: split over the worker pool when {@code parallel}, else on this thread. */
    private static void range(boolean parallel, int n, int minChunk, Parallel.RangeBody body) {
        if (parallel) {
            Parallel.forRange(n, minChunk, body);
        } else {
            body.run(0, n);
        }
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

    /**
     * {@code y = conv(src) + bias} over all tiles of {@code plan}, the weights already transformed in
     * {@code u}: chunks side by side on the worker pool when they split evenly, otherwise one after
     * another with each stage split inside (a chunk's outputs are computed the same way either way).
     */
    private void convolve(Plan plan, OperandA[] u, float[] src, int srcOff, float[] bias, int biasOff,
                          float[] out, int outOff) {
        int c = plan.channels;
        int oc = plan.outChannels;
        int tb = plan.chunk;
        Tasks.run(plan.chunks, (k, inside) -> {
            float[] v = Scratch.get(Scratch.Slot.WINOGRAD_TILES, POS * plan.inStride);
            float[] m = Scratch.get(Scratch.Slot.WINOGRAD_PRODUCTS, POS * plan.outStride);
            int start = k * tb;
            int count = Math.min(tb, plan.tiles - start);
            range(inside, c, 4, (c0, c1) -> plan.transformInput(src, srcOff, start, count, v, c0, c1));
            range(inside, POS, 1, (p0, p1) -> {
                for (int pos = p0; pos < p1; pos++) {
                    gemm.multiply(oc, count, c, u[pos], new DenseOperand(v, pos * plan.inStride, tb, false), 1f, 0f,
                            m, pos * plan.outStride, tb, false);
                }
            });
            range(inside, oc, 4, (o0, o1) -> plan.transformOutput(m, start, count, bias, biasOff, out, outOff, o0, o1));
        });
    }

    /**
     * The distance between the 16 position planes of a transformed array: the plane size plus a cache
     * line, so that a tile's 16 values, one per plane, never fall into the same cache set (plane sizes
     * are often multiples of 4 KiB, which would make every access of a tile collide).
     */
    static int stride(int plane) {
        return plane + 16;
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
        return new Plan(images, channels, h, w, outChannels, padH, padW, gemm.nr(), maxChunk, loops);
    }

    /** A run of consecutive tiles {@code [tx0, tx1)} of tile row {@code ty} of image {@code img}, the first at {@code local} in its chunk. */
    @FunctionalInterface
    private interface Run {
        void run(int img, int ty, int tx0, int tx1, int local);
    }

    private static final class Plan {
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
        /** Chunks covering all tiles, the last possibly shorter. */
        final int chunks;
        final WinogradLoops loops;
        /** Distance between two positions' planes of transformed input tiles. */
        final int inStride;
        /** Distance between two positions' planes of products or output gradients. */
        final int outStride;

        Plan(int images, int channels, int h, int w, int outChannels, int padH, int padW, int nr, int maxChunk,
             WinogradLoops loops) {
            this.loops = loops;
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
            this.chunks = (tiles + chunk - 1) / chunk;
            this.inStride = stride(channels * chunk);
            this.outStride = stride(outChannels * chunk);
        }

        /**
         * {@code v[(pos * channels + ci) * chunk + t - start] = (B^T d B)[pos]} for the tiles
         * {@code [start, start + count)} and channels {@code [c0, c1)}.
         */
        void transformInput(float[] x, int xOff, int start, int count, float[] v, int c0, int c1) {
            int half = tilesW + 1;
            // Input rows -padH .. 2 * tilesH - padH + 1, each split once into even and odd (padded)
            // columns: neighbouring tile rows share two input rows, and one call per whole row costs
            // far less than two per tile row on the narrow maps of deep layers.
            int rows = 2 * tilesH + 2;
            float[] even = new float[rows * half];
            float[] odd = new float[rows * half];
            int[] splitFor = new int[rows];
            int plane = inStride;
            for (int ci = c0; ci < c1; ci++) {
                int channel = ci;
                java.util.Arrays.fill(splitFor, -1);
                forEachRun(start, count, (img, ty, tx0, tx1, local) -> {
                    int base = xOff + (img * channels + channel) * h * w;
                    for (int r = 2 * ty; r < 2 * ty + 4; r++) {
                        if (splitFor[r] != img) {
                            splitRow(x, base, r - padH, even, odd, r * half, 0, half);
                            splitFor[r] = img;
                        }
                    }
                    // The tile row's four input rows start at row 2 * ty of the split buffers: shift
                    // the tile range by that offset and the destination back by the same amount.
                    int shift = 2 * ty * half;
                    loops.input(even, odd, half, tx0 + shift, tx1 + shift, v, channel * chunk + local - tx0 - shift, plane);
                });
            }
        }

        /**
         * Columns {@code 2q - padW} (into {@code even}) and {@code 2q + 1 - padW} (into {@code odd}) of
         * image row {@code iy}, for {@code q} in {@code [q0, q1)}, zero outside the image.
         */
        private void splitRow(float[] x, int base, int iy, float[] even, float[] odd, int off, int q0, int q1) {
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(even, off + q0, off + q1, 0f);
                java.util.Arrays.fill(odd, off + q0, off + q1, 0f);
                return;
            }
            int row = base + iy * w;
            // Interior columns, where 2q - padW and 2q + 1 - padW both fall inside the row.
            int qa = Math.min(q1, Math.max(q0, (padW + 1) / 2));
            int qb = Math.max(qa, Math.min(q1, (w - 2 + padW) / 2 + 1));
            for (int q = q0; q < qa; q++) {
                splitEdge(x, row, q, even, odd, off);
            }
            if (qb > qa) {
                loops.split(x, row + 2 * qa - padW, qb - qa, even, off + qa, odd, off + qa);
            }
            for (int q = qb; q < q1; q++) {
                splitEdge(x, row, q, even, odd, off);
            }
        }

        private void splitEdge(float[] x, int row, int q, float[] even, float[] odd, int off) {
            int ix = 2 * q - padW;
            even[off + q] = ix >= 0 && ix < w ? x[row + ix] : 0f;
            odd[off + q] = ix + 1 >= 0 && ix + 1 < w ? x[row + ix + 1] : 0f;
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
            int half = tilesW;
            float[] y = new float[4 * half];
            for (int o = o0; o < o1; o++) {
                float add = bias == null ? 0f : bias[biasOff + o];
                int channel = o;
                forEachRun(start, count, (img, ty, tx0, tx1, local) -> {
                    loops.output(m, channel * chunk + local - tx0, plane, tx0, tx1, y, half);
                    int oy = 2 * ty;
                    int row = outOff + ((img * outChannels + channel) * oh + oy) * ow;
                    boolean down = oy + 1 < oh;
                    for (int tx = tx0; tx < tx1; tx++) {
                        int ox = 2 * tx;
                        int dst = row + ox;
                        boolean right = ox + 1 < ow;
                        out[dst] = y[tx] + add;
                        if (right) {
                            out[dst + 1] = y[half + tx] + add;
                        }
                        if (down) {
                            out[dst + ow] = y[2 * half + tx] + add;
                            if (right) {
                                out[dst + ow + 1] = y[3 * half + tx] + add;
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
            int half = tilesW;
            float[] dy = new float[4 * half];
            for (int o = o0; o < o1; o++) {
                int channel = o;
                forEachRun(start, count, (img, ty, tx0, tx1, local) -> {
                    int oy = 2 * ty;
                    int row = gyOff + ((img * outChannels + channel) * oh + oy) * ow;
                    boolean down = oy + 1 < oh;
                    for (int tx = tx0; tx < tx1; tx++) {
                        int ox = 2 * tx;
                        int src = row + ox;
                        boolean right = ox + 1 < ow;
                        dy[tx] = gy[src];
                        dy[half + tx] = right ? gy[src + 1] : 0f;
                        dy[2 * half + tx] = down ? gy[src + ow] : 0f;
                        dy[3 * half + tx] = right && down ? gy[src + ow + 1] : 0f;
                    }
                    loops.outputGradient(dy, half, tx0, tx1, dm, channel * chunk + local - tx0, plane);
                });
            }
        }
    }
}
