package org.dadda.tensor;

/**
 * Elementwise functions of two broadcast arguments. Their gradients are composed from other
 * ops where the op is recorded ({@link Tensor}). Comparisons give 1 or 0 and have no gradient.
 */
public enum BinaryOp {
    ADD {
        public double apply(double a, double b) { return a + b; }
    },
    SUB {
        public double apply(double a, double b) { return a - b; }
    },
    MUL {
        public double apply(double a, double b) { return a * b; }
    },
    DIV {
        public double apply(double a, double b) { return a / b; }
    },
    /** The larger of the two. */
    MAX {
        public double apply(double a, double b) { return a >= b ? a : b; }
    },
    /** The smaller of the two. */
    MIN {
        public double apply(double a, double b) { return a <= b ? a : b; }
    },
    GT {
        public double apply(double a, double b) { return a > b ? 1 : 0; }
    },
    LT {
        public double apply(double a, double b) { return a < b ? 1 : 0; }
    },
    EQ {
        public double apply(double a, double b) { return a == b ? 1 : 0; }
    };

    /** a op b. */
    public abstract double apply(double a, double b);

}
