package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Grid and block computation for odd sizes and at CUDA's limits. */
class LaunchGeometryTest {

    @Test
    void elementwiseGridsCoverEveryElementAndAreCapped() {
        for (long n : new long[] {1, 255, 256, 257, 1000, 65_537}) {
            LaunchGeometry g = LaunchGeometry.elementwise(n);
            assertEquals(256, g.block());
            assertTrue((long) g.gridX() * g.block() >= n, "n " + n);
            assertTrue((long) (g.gridX() - 1) * g.block() < n, "no idle block for n " + n);
        }
        assertEquals(1, LaunchGeometry.elementwise(0).gridX(), "an empty launch is one idle block");
        // Past the cap the kernels' grid-stride loops cover the rest.
        assertEquals(LaunchGeometry.MAX_GRID_STRIDE_BLOCKS, LaunchGeometry.elementwise(1L << 31).gridX());
    }

    @Test
    void reductionBlocksArePowersOfTwoFrom32To256() {
        assertEquals(32, LaunchGeometry.reductionBlock(1));
        assertEquals(32, LaunchGeometry.reductionBlock(32));
        assertEquals(64, LaunchGeometry.reductionBlock(33));
        assertEquals(128, LaunchGeometry.reductionBlock(127));
        assertEquals(256, LaunchGeometry.reductionBlock(257));
        assertEquals(256, LaunchGeometry.reductionBlock(1_000_000));
        LaunchGeometry rows = LaunchGeometry.perRow(37, 5);
        assertEquals(37, rows.gridX());
        assertEquals(32 * Float.BYTES, rows.sharedBytes(), "one float of tree per thread");
        assertEquals(LaunchGeometry.MAX_GRID_STRIDE_BLOCKS, LaunchGeometry.perRow(1 << 20, 7).gridX());
    }

    @Test
    void gemmTilesRoundUpAndRefuseTooManyRows() {
        LaunchGeometry g = LaunchGeometry.gemmTiles("gemm", 65, 129, 3);
        assertEquals(3, g.gridX(), "129 columns: 3 tiles of 64");
        assertEquals(2, g.gridY(), "65 rows: 2 tiles of 64");
        assertEquals(3, g.gridZ());
        assertEquals(256, g.block());
        LaunchGeometry one = LaunchGeometry.gemmTiles("gemm", 1, 1, 1);
        assertEquals(1, one.gridX());
        assertEquals(1, one.gridY());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> LaunchGeometry.gemmTiles("conv2d", 64 * 65_535 + 1, 8, 1));
        assertTrue(e.getMessage().startsWith("conv2d with 4194241 rows") && e.getMessage().endsWith(
                "the CUDA backend does not have it yet"), e.getMessage());
        assertEquals(65_535, LaunchGeometry.batchChunk(70_000));
        assertEquals(4_465, LaunchGeometry.batchChunk(70_000 - 65_535));
    }

    @Test
    void rowBlocksAndLimits() {
        LaunchGeometry g = LaunchGeometry.rowBlocks("attention", 70, 6, 64, 4096);
        assertEquals(2, g.gridX());
        assertEquals(6, g.gridY());
        assertEquals(64, g.block());
        assertEquals(4096, g.sharedBytes());
        assertThrows(UnsupportedOperationException.class, () -> LaunchGeometry.rowBlocks("attention", 5, 70_000, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(1, 1, 1, 2048, 0));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(0, 1, 1, 32, 0));
    }

    @Test
    void longSumsOverFewBlocksAreSplit() {
        assertEquals(1, LaunchGeometry.kSplits(1, 1000), "below 1024 terms: no split");
        assertEquals(2, LaunchGeometry.kSplits(1, 2112));
        assertEquals(64, LaunchGeometry.kSplits(1, 16 * 64 * 64), "at most 64");
        assertEquals(1, LaunchGeometry.kSplits(300, 1 << 20), "enough blocks already");
        assertEquals(3, LaunchGeometry.kSplits(100, 1 << 20), "ceil(264 / 100)");
    }
}
