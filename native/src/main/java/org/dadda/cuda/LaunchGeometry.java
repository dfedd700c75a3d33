package org.dadda.cuda;

/**
 * Grid and block sizes of one launch, with the rules the kernels rely on: elementwise kernels
 * loop grid-stride (so their grid may be capped), block-per-row kernels reduce with a power-of-two
 * block, tiled kernels put a batch on the grid's z axis, whose limit the caller splits at.
 *
 * @param gridX       blocks along x
 * @param gridY       blocks along y
 * @param gridZ       blocks along z
 * @param block       threads per block (x only)
 * @param sharedBytes dynamic shared memory per block
 */
public record LaunchGeometry(int gridX, int gridY, int gridZ, int block, int sharedBytes) {
    /** Threads per block of the elementwise kernels. */
    public static final int ELEMENTWISE_BLOCK = 256;
    /** Blocks of a grid-stride launch beyond which more blocks only add scheduling. */
    public static final int MAX_GRID_STRIDE_BLOCKS = 65_536;
    /** CUDA's limit on gridDim.y and gridDim.z. */
    public static final int MAX_GRID_YZ = 65_535;
    /** Largest block of the reduction kernels (power of two). */
    public static final int MAX_REDUCTION_BLOCK = 256;
    /** Smallest reduction block: one warp. */
    public static final int MIN_REDUCTION_BLOCK = 32;
    /** Rows and columns of C one tiled-GEMM block computes ({@code TILE_M}, {@code TILE_N} in gemm.cuh). */
    public static final int GEMM_TILE = 64;
    /** Threads of a tiled-GEMM block ({@code GEMM_THREADS}). */
    public static final int GEMM_THREADS = 256;

    /** Validates that every size is positive and the grid fits CUDA's limits. */
    public LaunchGeometry {
        if (gridX < 1 || gridY < 1 || gridZ < 1 || block < 1 || sharedBytes < 0) {
            throw new IllegalArgumentException("launch: sizes must be positive: grid " + gridX + "x" + gridY + "x" + gridZ
                    + ", block " + block + ", shared " + sharedBytes);
        }
        if (gridY > MAX_GRID_YZ || gridZ > MAX_GRID_YZ || block > 1024) {
            throw new IllegalArgumentException("launch: grid " + gridX + "x" + gridY + "x" + gridZ + " or block " + block
                    + " exceeds CUDA's limits (y, z <= 65535, block <= 1024)");
        }
    }

    /** A grid-stride launch over {@code n} elements (n may be 0: one idle block). */
    public static LaunchGeometry elementwise(long n) {
        long blocks = Math.max(1, ceilDiv(n, ELEMENTWISE_BLOCK));
        return new LaunchGeometry((int) Math.min(blocks, MAX_GRID_STRIDE_BLOCKS), 1, 1, ELEMENTWISE_BLOCK, 0);
    }

    /**
     * One block per row ({@code rows} of {@code cols} elements, block-stride over rows beyond the
     * cap), the block the smallest power of two from 32 to 256 that covers a row, with one float
     * of shared memory per thread for the reduction tree.
     */
    public static LaunchGeometry perRow(int rows, int cols) {
        int block = reductionBlock(cols);
        return new LaunchGeometry(Math.max(1, Math.min(rows, MAX_GRID_STRIDE_BLOCKS)), 1, 1, block, block * Float.BYTES);
    }

    /** The power-of-two reduction block for {@code count} elements: 32 to 256. */
    public static int reductionBlock(int count) {
        int b = MIN_REDUCTION_BLOCK;
        while (b < count && b < MAX_REDUCTION_BLOCK) {
            b <<= 1;
        }
        return b;
    }

    /**
     * A tiled GEMM over an {@code m x n} result for {@code batches} problems (at most
     * {@link #MAX_GRID_YZ}: see {@link #batchChunk}); columns of tiles on x, rows on y.
     *
     * @throws UnsupportedOperationException when {@code m} needs more than 65535 row tiles
     */
    public static LaunchGeometry gemmTiles(String op, int m, int n, int batches) {
        long rowTiles = ceilDiv(m, GEMM_TILE);
        if (rowTiles > MAX_GRID_YZ) {
            throw new UnsupportedOperationException(op + " with " + m + " rows (" + rowTiles + " row tiles, CUDA's grid"
                    + " allows " + MAX_GRID_YZ + "): the CUDA backend does not have it yet");
        }
        return new LaunchGeometry((int) ceilDiv(n, GEMM_TILE), (int) rowTiles, batches, GEMM_THREADS, 0);
    }

    /** How many of {@code remaining} problems one launch may put on the z axis. */
    public static int batchChunk(int remaining) {
        return Math.min(remaining, MAX_GRID_YZ);
    }

    /** Blocks a split-K launch aims for: two per SM of the largest GPUs (an H200 has 132). */
    public static final int SPLIT_K_TARGET_BLOCKS = 264;
    /** Least of K one split sums, so that a split's partial result is worth its memory traffic. */
    public static final int SPLIT_K_MIN = 1024;
    /** Most splits. */
    public static final int SPLIT_K_MAX = 64;

    /**
     * How many ranges to split a long sum of {@code k} terms into when the result alone makes only
     * {@code blocks} blocks: enough for {@link #SPLIT_K_TARGET_BLOCKS} blocks, each range at least
     * {@link #SPLIT_K_MIN} long, at most {@link #SPLIT_K_MAX}; 1 means no split.
     */
    public static int kSplits(long blocks, long k) {
        long wanted = ceilDiv(SPLIT_K_TARGET_BLOCKS, Math.max(1, blocks));
        long most = Math.max(1, k / SPLIT_K_MIN);
        return (int) Math.max(1, Math.min(Math.min(wanted, most), SPLIT_K_MAX));
    }

    /** Row-per-thread attention: {@code ceil(rows / rowsPerBlock)} x {@code heads} blocks. */
    public static LaunchGeometry rowBlocks(String op, int rows, int heads, int rowsPerBlock, int sharedBytes) {
        if (heads > MAX_GRID_YZ) {
            throw new UnsupportedOperationException(op + " over " + heads + " heads (CUDA's grid allows " + MAX_GRID_YZ
                    + "): the CUDA backend does not have it yet");
        }
        return new LaunchGeometry((int) ceilDiv(rows, rowsPerBlock), heads, 1, rowsPerBlock, sharedBytes);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
