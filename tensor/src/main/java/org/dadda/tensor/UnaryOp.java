package org.dadda.tensor;

/**
 * Elementwise functions of one argument, each with its derivative beside it. {@code p} and
 * {@code q} are the op's scalar parameters (exponent, bounds, slope); unused ones are ignored.
 * The derivative receives both the input {@code x} and the output {@code y = f(x)} so that ops
 * like exp and sigmoid reuse their result. Transcendentals go through {@link StrictMath}, whose results
 * the specification fixes (fdlibm), so that they cannot change with the JIT tier, the CPU or the JDK
 * release as {@code Math}'s intrinsics may.
 */
public enum UnaryOp {
    NEG {
        public double apply(double x, double p, double q) { return -x; }
        public double derivative(double x, double y, double p, double q) { return -1; }
    },
    EXP {
        public double apply(double x, double p, double q) { return StrictMath.exp(x); }
        public double derivative(double x, double y, double p, double q) { return y; }
    },
    LOG {
        public double apply(double x, double p, double q) { return StrictMath.log(x); }
        public double derivative(double x, double y, double p, double q) { return 1 / x; }
    },
    SQRT {
        public double apply(double x, double p, double q) { return Math.sqrt(x); }
        public double derivative(double x, double y, double p, double q) { return 0.5 / y; }
    },
    ABS {
        public double apply(double x, double p, double q) { return Math.abs(x); }
        public double derivative(double x, double y, double p, double q) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
    },
    /** x to the constant power p. */
    POW {
        public double apply(double x, double p, double q) { return p == 2 ? x * x : StrictMath.pow(x, p); }
        public double derivative(double x, double y, double p, double q) {
            return p == 2 ? 2 * x : p == 1 ? 1 : p * StrictMath.pow(x, p - 1);
        }
    },
    /** Clamp to [p, q]; the gradient passes where the input lies inside (bounds included, as PyTorch). */
    CLAMP {
        public double apply(double x, double p, double q) { return x < p ? p : x > q ? q : x; }
        public double derivative(double x, double y, double p, double q) { return x >= p && x <= q ? 1 : 0; }
    },
    /** p * x + q. */
    AFFINE {
        public double apply(double x, double p, double q) { return p * x + q; }
        public double derivative(double x, double y, double p, double q) { return p; }
    },
    RELU {
        public double apply(double x, double p, double q) { return x > 0 ? x : 0; }
        public double derivative(double x, double y, double p, double q) { return x > 0 ? 1 : 0; }
    },
    SIGMOID {
        public double apply(double x, double p, double q) { return sigmoid(x); }
        public double derivative(double x, double y, double p, double q) { return y * (1 - y); }
    },
    TANH {
        public double apply(double x, double p, double q) { return StrictMath.tanh(x); }
        public double derivative(double x, double y, double p, double q) { return 1 - y * y; }
    },
    /** x * sigmoid(x), also called swish. */
    SILU {
        public double apply(double x, double p, double q) { return x * sigmoid(x); }
        public double derivative(double x, double y, double p, double q) {
            double s = sigmoid(x);
            return s * (1 + x * (1 - s));
        }
    },
    /** The exact GELU, x * Phi(x), as PyTorch's default. */
    GELU {
        public double apply(double x, double p, double q) { return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2))); }
        public double derivative(double x, double y, double p, double q) {
            double cdf = 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
            return cdf + x * StrictMath.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        }
    },
    /** 1 where x &gt; p, else 0 (no gradient). */
    GREATER_THAN {
        public double apply(double x, double p, double q) { return x > p ? 1 : 0; }
        public double derivative(double x, double y, double p, double q) { return 0; }
    };

    /** f(x) with parameters p and q. */
    public abstract double apply(double x, double p, double q);

    /** f'(x), given x and y = f(x). */
    public abstract double derivative(double x, double y, double p, double q);

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }
}
