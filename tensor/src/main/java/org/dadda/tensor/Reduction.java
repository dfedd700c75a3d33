package org.dadda.tensor;

/** How a reduction or a pooling window combines its elements. */
public enum Reduction {

    /** The sum (reductions). */
    SUM,
    /** The arithmetic mean (average pooling). */
    MEAN,
    /** The maximum; NaN wins, as in PyTorch. */
    MAX;

    /**
     * The axes a reduction of {@code in} to {@code out} (same rank) sums or maximises over: those
     * where {@code out} has size 1 and {@code in} does not.
     */
    public static boolean[] reducedAxes(int[] in, int[] out) {
        if (in.length != out.length) {
            throw new IllegalArgumentException("reduce: input " + Shape.str(in) + " and output " + Shape.str(out)
                    + " differ in rank");
        }
        boolean[] r = new boolean[in.length];
        for (int ax = 0; ax < in.length; ax++) {
            if (out[ax] != in[ax] && out[ax] != 1) {
                throw new IllegalArgumentException("reduce: output " + Shape.str(out) + " is not input " + Shape.str(in)
                        + " with some axes reduced to 1");
            }
            r[ax] = out[ax] == 1 && in[ax] != 1;
        }
        return r;
    }
}
