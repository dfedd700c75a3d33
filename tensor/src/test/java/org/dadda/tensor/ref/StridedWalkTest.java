package org.dadda.tensor.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StridedWalkTest {

    @Test
    void visitsEveryElementInRowMajorOrderWithEachOperandsStrides() {
        int[] shape = {2, 3, 4};
        int[] permuted = {1, 8, 2};
        int[] broadcast = {0, 1, 0};
        int[] contiguous = {12, 4, 1};
        StridedWalk w = new StridedWalk(shape, 5, permuted, 7, broadcast, 0, contiguous);
        assertEquals(24, w.size());
        int n = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(5 + i * 1 + j * 8 + k * 2, w.first(), "first at " + n);
                    assertEquals(7 + j, w.second(), "second at " + n);
                    assertEquals(n, w.third(), "third at " + n);
                    w.next();
                    n++;
                }
            }
        }
    }

    @Test
    void fewerOperandsAndDegenerateShapes() {
        StridedWalk one = new StridedWalk(new int[] {3, 2}, 1, new int[] {0, 1});
        int[] expected = {1, 2, 1, 2, 1, 2};
        for (int e : expected) {
            assertEquals(e, one.first());
            one.next();
        }
        StridedWalk two = new StridedWalk(new int[] {2, 2}, 0, new int[] {1, 2}, 10, new int[] {2, 1});
        int[][] pairs = {{0, 10}, {2, 11}, {1, 12}, {3, 13}};
        for (int[] p : pairs) {
            assertEquals(p[0], two.first());
            assertEquals(p[1], two.second());
            two.next();
        }
        StridedWalk scalar = new StridedWalk(new int[0], 4, new int[0], 9, new int[0]);
        assertEquals(1, scalar.size());
        assertEquals(4, scalar.first());
        assertEquals(9, scalar.second());
        assertEquals(0, new StridedWalk(new int[] {3, 0, 2}, 0, new int[] {0, 0, 1}).size());
    }
}
