package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dadda.tensor.Rng;
import org.dadda.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Axis merging, the packed struct, and that the kernel's index walk (ported here) visits what a plain walk visits. */
class StridedLayoutTest {

    /** stridedOffsets of common.cuh, line for line: offset of walk element i in operand op. */
    private static long kernelOffset(int[] packed, long i, int op) {
        int rank = packed[0];
        long off = 0;
        for (int ax = rank - 1; ax >= 0; ax--) {
            int size = packed[1 + ax];
            long c = i % size;
            i /= size;
            off += c * packed[1 + StridedLayout.MAX_RANK * (1 + op) + ax];
        }
        return off;
    }

    /** The plain walk: row-major coordinates of element i of shape, dotted with strides. */
    private static long plainOffset(int[] shape, int[] strides, long i) {
        long off = 0;
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            off += (i % shape[ax]) * strides[ax];
            i /= shape[ax];
        }
        return off;
    }

    @Test
    void denseOperandsMergeIntoOneAxis() {
        StridedLayout l = StridedLayout.of("copy", new int[] {3, 1, 4, 5}, Shape.strides(3, 1, 4, 5), Shape.strides(3, 1, 4, 5));
        assertArrayEquals(new int[] {60}, l.shape());
        assertArrayEquals(new int[] {1}, l.strides(1));
    }

    @Test
    void broadcastAndTransposedAxesStaySeparate() {
        // [3, 4] times a [1, 4] row broadcast: the zero stride stops the merge.
        StridedLayout b = StridedLayout.of("binary", new int[] {3, 4}, new int[] {4, 1}, new int[] {0, 1});
        assertArrayEquals(new int[] {3, 4}, b.shape());
        assertArrayEquals(new int[] {0, 1}, b.strides(1));
        // A transpose walks [4, 3] with strides [1, 4]: nothing merges.
        StridedLayout t = StridedLayout.of("copy", new int[] {4, 3}, new int[] {1, 4}, new int[] {3, 1});
        assertArrayEquals(new int[] {4, 3}, t.shape());
        // A broadcast over two leading axes merges them (stride 0 both).
        StridedLayout z = StridedLayout.of("binary", new int[] {2, 3, 4}, new int[] {0, 0, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {6, 4}, z.shape());
    }

    @Test
    void thePackedStructPlacesRankShapeAndEachOperandsStrides() {
        int[] p = StridedLayout.of("where", new int[] {4, 3}, new int[] {1, 4}, new int[] {3, 1}, new int[] {0, 1}).pack();
        assertEquals(StridedLayout.INTS, p.length);
        assertEquals(2, p[0]);
        assertArrayEquals(new int[] {4, 3}, new int[] {p[1], p[2]});
        assertArrayEquals(new int[] {1, 4}, new int[] {p[9], p[10]});
        assertArrayEquals(new int[] {3, 1}, new int[] {p[17], p[18]});
        assertArrayEquals(new int[] {0, 1}, new int[] {p[25], p[26]});
        assertEquals(0, StridedLayout.of("fill", new int[] {1, 1}, new int[] {5, 7}).pack()[0], "a scalar walk has rank 0");
    }

    @Test
    void theKernelWalkVisitsWhatThePlainWalkVisits() {
        Rng rng = new Rng(5);
        for (int trial = 0; trial < 200; trial++) {
            int rank = 1 + (int) (rng.nextFloat() * 6);
            int[] shape = new int[rank];
            int[][] strides = new int[2][rank];
            for (int ax = 0; ax < rank; ax++) {
                shape[ax] = 1 + (int) (rng.nextFloat() * 4);
            }
            // Operand 0: dense or a permutation-like shuffle with broadcasts; operand 1: dense.
            strides[1] = Shape.strides(shape);
            for (int ax = 0; ax < rank; ax++) {
                strides[0][ax] = rng.nextFloat() < 0.3 ? 0 : strides[1][rank - 1 - ax] + (rng.nextFloat() < 0.5 ? 0 : 1);
            }
            int[] packed = StridedLayout.of("t", shape, strides[0], strides[1]).pack();
            for (long i = 0; i < Shape.numel(shape); i++) {
                for (int op = 0; op < 2; op++) {
                    assertEquals(plainOffset(shape, strides[op], i), kernelOffset(packed, i, op),
                            "shape " + Shape.str(shape) + " element " + i + " operand " + op);
                }
            }
        }
    }

    @Test
    void tooManyAxesOrOperandsNameTheOp() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = new int[9];
        for (int ax = 0; ax < 9; ax++) {
            strides[ax] = 1 << (2 * (8 - ax)); // gaps everywhere: nothing merges
        }
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> StridedLayout.of("copy", shape, strides));
        assertTrue(e.getMessage().startsWith("copy over shape [2, 2, 2, 2, 2, 2, 2, 2, 2], 9 strided axes")
                && e.getMessage().endsWith("the CUDA backend does not have it yet"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StridedLayout.of("where", new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {1}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> StridedLayout.of("binary", new int[] {2, 2}, new int[] {1}));
    }
}
