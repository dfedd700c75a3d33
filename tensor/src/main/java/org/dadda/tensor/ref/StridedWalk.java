package org.dadda.tensor.ref;

/**
 * An odometer over the elements of an N-d shape in row-major order that keeps the flat positions
 * of up to three operands in step, each with its own offset and strides (a stride of 0 repeats an
 * operand along a broadcast axis). One walk allocates only its index counter.
 *
 * <pre>{@code
 * StridedWalk w = new StridedWalk(shape, aOff, aStrides, bOff, bStrides);
 * for (int i = 0, n = w.size(); i < n; i++) {
 *     use(w.first(), w.second());
 *     w.next();
 * }
 * }</pre>
 */
final class StridedWalk {

    private final int[] shape;
    private final int[] idx;
    private final int[] s0;
    private final int[] s1;
    private final int[] s2;
    private final int size;
    private int p0;
    private int p1;
    private int p2;

    /** A walk of one operand at {@code off0} with strides {@code s0}. */
    StridedWalk(int[] shape, int off0, int[] s0) {
        // An absent operand follows the first one's strides; its position is never read.
        this(shape, off0, s0, off0, s0, off0, s0);
    }

    /** A walk of two operands. */
    StridedWalk(int[] shape, int off0, int[] s0, int off1, int[] s1) {
        this(shape, off0, s0, off1, s1, off0, s0);
    }

    /** A walk of three operands. */
    StridedWalk(int[] shape, int off0, int[] s0, int off1, int[] s1, int off2, int[] s2) {
        this.shape = shape;
        this.idx = new int[shape.length];
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.p0 = off0;
        this.p1 = off1;
        this.p2 = off2;
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        this.size = n;
    }

    /** The number of elements of the shape, which is how many positions the walk visits. */
    int size() {
        return size;
    }

    /** The first operand's position at the current element. */
    int first() {
        return p0;
    }

    /** The second operand's position at the current element. */
    int second() {
        return p1;
    }

    /** The third operand's position at the current element. */
    int third() {
        return p2;
    }

    /**
     * Moves to the next element: the last axis advances, and an axis that runs past its end
     * returns to 0 and carries into the one before it.
     */
    void next() {
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            idx[ax]++;
            p0 += s0[ax];
            p1 += s1[ax];
            p2 += s2[ax];
            if (idx[ax] < shape[ax]) {
                return;
            }
            p0 -= s0[ax] * shape[ax];
            p1 -= s1[ax] * shape[ax];
            p2 -= s2[ax] * shape[ax];
            idx[ax] = 0;
        }
    }
}
