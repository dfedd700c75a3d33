package org.dadda.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A dense, row-major (NCHW for images) array of numbers with reverse-mode autograd.
 *
 * <p>Every op computes its result through the tensor's {@link Backend} and, when an input
 * requires a gradient, records beside it how to carry the gradient back: an op's forward and
 * backward stand together in one method. Tensors are always contiguous: {@link #reshape} and a
 * {@link #narrow} along the first axis share storage; every other view op copies, which keeps
 * kernels simple and fast. Storage is never handed out; numbers come in and out only through
 * explicit copies ({@link #fromArray}, {@link #toArray}).
 */
public final class Tensor {
    private final Backend backend;
    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int numel;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    private Autograd.Node node;

    Tensor(Backend backend, Storage storage, int offset, int[] shape) {
        this.backend = backend;
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.numel = Shape.numel(shape);
        if (offset + numel > storage.length()) {
            throw new IllegalArgumentException("storage of " + storage.length() + " elements too small for shape "
                    + Shape.str(shape) + " at offset " + offset);
        }
    }

    // ------------------------------------------------------------------ creation

    /** A new zero tensor on the current backend. */
    public static Tensor zeros(int... shape) {
        Backend b = Backends.current();
        return new Tensor(b, b.allocate(Shape.numel(shape)), 0, shape.clone());
    }

    /** A zero tensor with the same shape and backend as {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return new Tensor(t.backend, t.backend.allocate(t.numel), 0, t.shape.clone());
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        if (value != 0) {
            t.backend.fill(t.operand(), value);
        }
        return t;
    }

    /** A scalar (rank-0) tensor. */
    public static Tensor scalar(float value) {
        return full(value, new int[0]);
    }

    /** {@code [0, 1, ..., n-1]} as floats. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code start, start+step, ...} below {@code end} (above, for a negative step). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must not be 0");
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return fromDoubles(v, n);
    }

    /** Uniform samples in [0, 1) from {@code rng}. */
    public static Tensor rand(Rng rng, int... shape) {
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextFloat();
        }
        return fromDoubles(v, shape);
    }

    /** Standard normal samples from {@code rng}. */
    public static Tensor randn(Rng rng, int... shape) {
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return fromDoubles(v, shape);
    }

    /** A tensor holding a copy of {@code data} with the given shape. */
    public static Tensor fromArray(float[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        Backend b = Backends.current();
        return new Tensor(b, b.fromFloats(data, 0, data.length), 0, shape.clone());
    }

    /** A tensor holding a copy of {@code data} (rounded to the backend's precision). */
    public static Tensor fromDoubles(double[] data, int... shape) {
        checkLength("fromDoubles", data.length, shape);
        Backend b = Backends.current();
        return new Tensor(b, b.fromDoubles(data), 0, shape.clone());
    }

    private static void checkLength(String op, int length, int[] shape) {
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
    }

    // ------------------------------------------------------------------ access

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of axis {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shape.axis("size", d, shape.length)];
    }

    /** Rank. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return numel;
    }

    /** The backend holding this tensor's numbers. */
    public Backend backend() {
        return backend;
    }

    /** The numbers as a new float array (row-major). */
    public float[] toArray() {
        return backend.toFloats(operand());
    }

    /** The numbers as a new double array (row-major). */
    public double[] toDoubleArray() {
        return backend.toDoubles(operand());
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Shape.str(shape) + " has " + numel + " elements, not 1");
        }
        return (float) storage.get(offset);
    }

    /** The element at {@code idx} (slow; for tests and small tensors). */
    public float get(int... idx) {
        return (float) storage.get(offset + flatIndex(idx));
    }

    private int flatIndex(int[] idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(idx) + " has rank " + idx.length
                    + ", tensor has shape " + Shape.str(shape));
        }
        int f = 0;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) {
                throw new IllegalArgumentException("index " + Arrays.toString(idx) + " out of bounds for shape " + Shape.str(shape));
            }
            f = f * shape[i] + idx[i];
        }
        return f;
    }

    Storage storage() {
        return storage;
    }

    int offset() {
        return offset;
    }

    int[] shapeRef() {
        return shape;
    }

    @Override
    public String toString() {
        float[] v = numel <= 16 ? toArray() : backend.toFloats(View.dense(storage, offset, 16));
        return "Tensor" + Shape.str(shape) + (requiresGrad ? "(grad)" : "") + Arrays.toString(v) + (numel > 16 ? "..." : "");
    }

    // ------------------------------------------------------------------ autograd state

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as needing (or not) a gradient; returns this. */
    public Tensor requiresGrad(boolean on) {
        if (node != null && !on) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor: use detach()");
        }
        this.requiresGrad = on;
        return this;
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} during backward. */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it, as an optimizer's zero-grad does). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(g.shape) + " != tensor shape " + Shape.str(shape));
        }
        this.grad = g;
    }

    void accumulateGrad(Tensor g) {
        // The first gradient is copied so that no two tensors' grads ever share storage.
        grad = grad == null ? g.copy() : grad.add(g);
        // A kept gradient outlives backward and any workspace step.
        grad.storage.pinned = true;
    }

    Autograd.Node node() {
        return node;
    }

    void setNode(Autograd.Node n) {
        this.node = n;
        this.requiresGrad = requiresGrad || n != null;
    }

    /** Whether this tensor was produced by a recorded op (false for leaves). */
    public boolean isLeaf() {
        return node == null;
    }

    /** Back-propagates from this scalar. */
    public void backward() {
        if (numel != 1) {
            throw new IllegalArgumentException("backward: needs a one-element tensor, got shape " + Shape.str(shape)
                    + "; pass an explicit gradient");
        }
        Autograd.backward(this, onesLike());
    }

    /** Back-propagates {@code gradOutput}, the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradOutput) {
        requireSameShape("backward", gradOutput);
        Autograd.backward(this, gradOutput);
    }

    /** The same numbers, cut from the graph (shares storage). */
    public Tensor detach() {
        // The alias escapes the graph, so a workspace must never hand the buffer back early.
        storage.pinned = true;
        return new Tensor(backend, storage, offset, shape);
    }

    private Tensor onesLike() {
        Tensor t = zerosLike(this);
        backend.fill(t.operand(), 1);
        return t;
    }

    // ------------------------------------------------------------------ helpers

    /** This tensor as a kernel operand: its storage from its offset, dense in its shape. */
    View operand() {
        return View.dense(storage, offset, shape);
    }

    /** The same numbers as a dense operand of another shape of equal size (a kernel family's layout). */
    View operand(int... as) {
        return View.dense(storage, offset, as);
    }

    /** {@code t}'s view, or null for an absent optional operand. */
    static View operandOrNull(Tensor t) {
        return t == null ? null : t.operand();
    }

    /** This tensor stretched to {@code target} by broadcasting (zero strides), as a strided operand. */
    private View broadcastView(int[] target) {
        return View.broadcast(storage, offset, shape, target);
    }

    /** An output tensor of shape {@code s} whose kernel overwrites every element. */
    private Tensor newLike(int[] s) {
        return new Tensor(backend, backend.allocateUninitialized(Shape.numel(s)), 0, s);
    }

    private void requireSameBackend(String op, Tensor o) {
        if (o.backend != backend) {
            throw new IllegalArgumentException(op + ": tensors live on different backends (" + backend.name() + ", "
                    + o.backend.name() + ")");
        }
    }

    private void requireSameShape(String op, Tensor o) {
        if (!Arrays.equals(shape, o.shape)) {
            throw new IllegalArgumentException(op + ": shapes " + Shape.str(shape) + " and " + Shape.str(o.shape) + " differ");
        }
    }

    /** A dense copy (recorded: the gradient passes through). */
    public Tensor copy() {
        Tensor out = newLike(shape.clone());
        backend.copy(operand(), out.operand(), false);
        return Autograd.record("copy", out, g -> new Tensor[] {g}, this);
    }

    // ------------------------------------------------------------------ elementwise

    private Tensor unary(String name, UnaryOp op, double p, double q) {
        Tensor out = newLike(shape.clone());
        backend.unary(op, p, q, operand(), out.operand());
        return Autograd.record(name, out, g -> {
            Tensor gx = newLike(shape.clone());
            backend.unaryBackward(op, p, q, operand(), out.operand(), g.operand(), gx.operand());
            return new Tensor[] {gx};
        }, this);
    }

    /** -x. */
    public Tensor neg() {
        return unary("neg", UnaryOp.NEG, 0, 0);
    }

    /** e^x. */
    public Tensor exp() {
        return unary("exp", UnaryOp.EXP, 0, 0);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return unary("log", UnaryOp.LOG, 0, 0);
    }

    /** Square root. */
    public Tensor sqrt() {
        return unary("sqrt", UnaryOp.SQRT, 0, 0);
    }

    /** |x|. */
    public Tensor abs() {
        return unary("abs", UnaryOp.ABS, 0, 0);
    }

    /** x to the constant power {@code p}. */
    public Tensor pow(double p) {
        return unary("pow", UnaryOp.POW, p, 0);
    }

    /** x clamped to {@code [min, max]}. */
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        return unary("clamp", UnaryOp.CLAMP, min, max);
    }

    /** {@code scale * x + shift} in one pass. */
    public Tensor affine(double scale, double shift) {
        return unary("affine", UnaryOp.AFFINE, scale, shift);
    }

    /** x + c. */
    public Tensor add(double c) {
        return affine(1, c);
    }

    /** x * c. */
    public Tensor mul(double c) {
        return affine(c, 0);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return unary("relu", UnaryOp.RELU, 0, 0);
    }

    /** x * sigmoid(x). */
    public Tensor silu() {
        return unary("silu", UnaryOp.SILU, 0, 0);
    }

    /** Exact (erf) GELU. */
    public Tensor gelu() {
        return unary("gelu", UnaryOp.GELU, 0, 0);
    }

    /** Logistic sigmoid. */
    public Tensor sigmoid() {
        return unary("sigmoid", UnaryOp.SIGMOID, 0, 0);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return unary("tanh", UnaryOp.TANH, 0, 0);
    }

    /** 1 where x &gt; threshold, else 0 (no gradient). */
    public Tensor gt(double threshold) {
        return unary("gt", UnaryOp.GREATER_THAN, threshold, 0);
    }

    private Tensor binary(String name, BinaryOp op, Tensor b) {
        requireSameBackend(name, b);
        int[] outShape = Shape.broadcast(name, shape, b.shape);
        Tensor out = newLike(outShape);
        backend.binary(op, broadcastView(outShape), b.broadcastView(outShape), out.operand());
        return out;
    }

    /** Elementwise a + b with broadcasting. */
    public Tensor add(Tensor b) {
        Tensor out = binary("add", BinaryOp.ADD, b);
        return Autograd.record("add", out, g -> new Tensor[] {g.sumTo(shape), g.sumTo(b.shape)}, this, b);
    }

    /** Elementwise a - b with broadcasting. */
    public Tensor sub(Tensor b) {
        Tensor out = binary("sub", BinaryOp.SUB, b);
        return Autograd.record("sub", out, g -> new Tensor[] {g.sumTo(shape), b.requiresGrad ? g.neg().sumTo(b.shape) : null}, this, b);
    }

    /** Elementwise a * b with broadcasting. */
    public Tensor mul(Tensor b) {
        Tensor out = binary("mul", BinaryOp.MUL, b);
        return Autograd.record("mul", out, g -> new Tensor[] {
            requiresGrad ? g.mul(b).sumTo(shape) : null,
            b.requiresGrad ? g.mul(this).sumTo(b.shape) : null}, this, b);
    }

    /** Elementwise a / b with broadcasting. */
    public Tensor div(Tensor b) {
        Tensor out = binary("div", BinaryOp.DIV, b);
        return Autograd.record("div", out, g -> new Tensor[] {
            requiresGrad ? g.div(b).sumTo(shape) : null,
            b.requiresGrad ? g.mul(out).div(b).neg().sumTo(b.shape) : null}, this, b);
    }

    /** Elementwise maximum; where equal, the gradient goes to {@code this}. */
    public Tensor maximum(Tensor b) {
        return extremum("maximum", BinaryOp.MAX, BinaryOp.LT, b);
    }

    /** Elementwise minimum; where equal, the gradient goes to {@code this}. */
    public Tensor minimum(Tensor b) {
        return extremum("minimum", BinaryOp.MIN, BinaryOp.GT, b);
    }

    /** max or min: {@code loses} is the comparison under which {@code this} is not chosen. */
    private Tensor extremum(String name, BinaryOp op, BinaryOp loses, Tensor b) {
        Tensor out = binary(name, op, b);
        return Autograd.record(name, out, g -> {
            Tensor first = binary(name, loses, b).neg().add(1); // 1 where this is chosen
            return new Tensor[] {g.mul(first).sumTo(shape), g.mul(first.neg().add(1)).sumTo(b.shape)};
        }, this, b);
    }

    /** 1 where a &gt; b (broadcast), else 0; no gradient. */
    public Tensor gt(Tensor b) {
        return binary("gt", BinaryOp.GT, b);
    }

    /** 1 where a &lt; b (broadcast), else 0; no gradient. */
    public Tensor lt(Tensor b) {
        return binary("lt", BinaryOp.LT, b);
    }

    /** 1 where a == b (broadcast), else 0; no gradient. */
    public Tensor eq(Tensor b) {
        return binary("eq", BinaryOp.EQ, b);
    }

    /** {@code cond != 0 ? a : b}, broadcast over all three; gradients flow to the chosen side. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        a.requireSameBackend("where", b);
        a.requireSameBackend("where", cond);
        int[] outShape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        Tensor out = a.newLike(outShape);
        a.backend.where(cond.broadcastView(outShape), a.broadcastView(outShape), b.broadcastView(outShape), out.operand());
        return Autograd.record("where", out, g -> {
            Tensor zero = zerosLike(g);
            return new Tensor[] {null, where(cond, g, zero).sumTo(a.shape), where(cond, zero, g).sumTo(b.shape)};
        }, cond, a, b);
    }

    // ------------------------------------------------------------------ reductions

    private static boolean[] axesMask(String op, int rank, int[] axes) {
        boolean[] m = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(m, true);
        }
        for (int a : axes) {
            m[Shape.axis(op, a, rank)] = true;
        }
        return m;
    }

    private static int[] reducedShape(int[] shape, boolean[] mask, boolean keepDim) {
        int kept = 0;
        for (int i = 0; i < shape.length; i++) {
            if (keepDim || !mask[i]) {
                kept++;
            }
        }
        int[] r = new int[kept];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (keepDim) {
                r[j++] = mask[i] ? 1 : shape[i];
            } else if (!mask[i]) {
                r[j++] = shape[i];
            }
        }
        return r;
    }

    private Tensor reduceRaw(boolean max, boolean[] mask, boolean keepDim) {
        Tensor out = newLike(reducedShape(shape, mask, true));
        backend.reduce(max ? Reduction.MAX : Reduction.SUM, operand(), out.operand());
        return keepDim ? out : new Tensor(backend, out.storage, 0, reducedShape(shape, mask, false));
    }

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /** Sum over {@code axes} (all when empty). */
    public Tensor sum(int[] axes, boolean keepDim) {
        boolean[] mask = axesMask("sum", shape.length, axes);
        Tensor out = reduceRaw(false, mask, keepDim);
        int[] kept = reducedShape(shape, mask, true);
        return Autograd.record("sum", out, g -> new Tensor[] {g.reshape(kept).expand(shape)}, this);
    }

    /** Sum over one axis. */
    public Tensor sum(int axis, boolean keepDim) {
        return sum(new int[] {axis}, keepDim);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** Mean over {@code axes} (all when empty). */
    public Tensor mean(int[] axes, boolean keepDim) {
        boolean[] mask = axesMask("mean", shape.length, axes);
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                count *= shape[i];
            }
        }
        return sum(axes, keepDim).mul(1.0 / count);
    }

    /** Mean over one axis. */
    public Tensor mean(int axis, boolean keepDim) {
        return mean(new int[] {axis}, keepDim);
    }

    /**
     * Variance over {@code axes}; {@code unbiased} divides by n-1 as PyTorch's default.
     */
    public Tensor var(int[] axes, boolean unbiased, boolean keepDim) {
        boolean[] mask = axesMask("var", shape.length, axes);
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                count *= shape[i];
            }
        }
        Tensor centered = sub(mean(axes, true));
        return centered.mul(centered).sum(axes, keepDim).mul(1.0 / (unbiased ? count - 1 : count));
    }

    /** Maximum over {@code axis}; the gradient is shared equally among tied maxima. */
    public Tensor max(int axis, boolean keepDim) {
        boolean[] mask = axesMask("max", shape.length, new int[] {axis});
        Tensor out = reduceRaw(true, mask, keepDim);
        int[] kept = reducedShape(shape, mask, true);
        return Autograd.record("max", out, g -> {
            Tensor hit = eq(out.reshape(kept));
            Tensor share = hit.div(hit.sum(new int[] {axis}, true));
            return new Tensor[] {share.mul(g.reshape(kept))};
        }, this);
    }

    /** Maximum of all elements. */
    public Tensor max() {
        return reshape(numel).max(0, false);
    }

    /** Index of the first maximum along {@code axis}, as ints (no gradient). */
    public int[] argmax(int axis) {
        int a = Shape.axis("argmax", axis, shape.length);
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int[] r = new int[outer * inner];
        backend.argmax(operand(outer, shape[a], inner), r);
        return r;
    }

    /** Sums a broadcast gradient back down to {@code target} (the inverse of broadcasting). */
    Tensor sumTo(int[] target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        int lead = shape.length - target.length;
        boolean[] mask = new boolean[shape.length];
        for (int i = 0; i < shape.length; i++) {
            mask[i] = i < lead || (target[i - lead] == 1 && shape[i] != 1);
        }
        Tensor r = reduceRaw(false, mask, true);
        return new Tensor(backend, r.storage, 0, target.clone());
    }

    // ------------------------------------------------------------------ shape ops

    /** The same numbers in a new shape (one size may be -1); shares storage. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Shape.str(newShape));
                }
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
            }
            s[infer] = numel / known;
        }
        if (Shape.numel(s) != numel) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " (" + numel + " elements) to "
                    + Shape.str(newShape));
        }
        Tensor out = new Tensor(backend, storage, offset, s);
        return Autograd.record("reshape", out, g -> new Tensor[] {g.reshape(shape)}, this);
    }

    /** Alias of {@link #reshape}. */
    public Tensor view(int... newShape) {
        return reshape(newShape);
    }

    /** Inserts an axis of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        int a = Shape.axis("unsqueeze", axis < 0 ? axis + 1 : axis, shape.length + 1);
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : shape[j++];
        }
        return reshape(s);
    }

    /** Axes reordered: result axis i is input axis {@code perm[i]}. */
    public Tensor permute(int... perm) {
        if (perm.length != shape.length) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " does not match rank of " + Shape.str(shape));
        }
        int[] st = Shape.strides(shape);
        int[] outShape = new int[perm.length];
        int[] srcStrides = new int[perm.length];
        int[] inverse = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            int p = Shape.axis("permute", perm[i], shape.length);
            if (seen[p]) {
                throw new IllegalArgumentException("permute: axis repeated in " + Arrays.toString(perm));
            }
            seen[p] = true;
            outShape[i] = shape[p];
            srcStrides[i] = st[p];
            inverse[p] = i;
        }
        Tensor out = newLike(outShape);
        backend.copy(new View(storage, offset, outShape, srcStrides), out.operand(), false);
        return Autograd.record("permute", out, g -> new Tensor[] {g.permute(inverse)}, this);
    }

    /** Swaps two axes. */
    public Tensor transpose(int a, int b) {
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int x = Shape.axis("transpose", a, shape.length);
        int y = Shape.axis("transpose", b, shape.length);
        perm[x] = y;
        perm[y] = x;
        return permute(perm);
    }

    /** Broadcasts to {@code target} (materialised); the gradient sums back. */
    public Tensor expand(int... target) {
        int[] outShape = Shape.broadcast("expand", shape, target);
        if (!Arrays.equals(outShape, target)) {
            throw new IllegalArgumentException("expand: cannot expand " + Shape.str(shape) + " to " + Shape.str(target));
        }
        if (Arrays.equals(shape, target)) {
            return this;
        }
        Tensor out = newLike(target.clone());
        backend.copy(broadcastView(target), out.operand(), false);
        return Autograd.record("expand", out, g -> new Tensor[] {g.sumTo(shape)}, this);
    }

    /** Elements {@code start .. start+length-1} along {@code axis}; along axis 0 it shares storage. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shape.axis("narrow", axis, shape.length);
        if (start < 0 || length < 0 || start + length > shape[a]) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") out of bounds for axis "
                    + a + " of shape " + Shape.str(shape));
        }
        int[] outShape = shape.clone();
        outShape[a] = length;
        int[] st = Shape.strides(shape);
        Tensor out;
        boolean leadingOnes = true;
        for (int i = 0; i < a; i++) {
            leadingOnes &= shape[i] == 1;
        }
        if (leadingOnes) {
            out = new Tensor(backend, storage, offset + start * st[a], outShape);
        } else {
            out = newLike(outShape);
            backend.copy(new View(storage, offset + start * st[a], outShape, st), out.operand(), false);
        }
        return Autograd.record("narrow", out, g -> {
            Tensor gx = zerosLike(this);
            backend.copy(g.operand(), new View(gx.storage, start * st[a], outShape, st), false);
            return new Tensor[] {gx};
        }, this);
    }

    /** Concatenation along {@code axis}; all other sizes must agree. */
    public static Tensor cat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("cat: no tensors");
        }
        Tensor first = parts.get(0);
        int a = Shape.axis("cat", axis, first.shape.length);
        int[] outShape = first.shape.clone();
        outShape[a] = 0;
        for (Tensor t : parts) {
            first.requireSameBackend("cat", t);
            if (t.shape.length != first.shape.length) {
                throw new IllegalArgumentException("cat: shapes " + Shape.str(first.shape) + " and " + Shape.str(t.shape) + " differ in rank");
            }
            for (int i = 0; i < outShape.length; i++) {
                if (i != a && t.shape[i] != first.shape[i]) {
                    throw new IllegalArgumentException("cat: shapes " + Shape.str(first.shape) + " and " + Shape.str(t.shape)
                            + " differ outside axis " + a);
                }
            }
            outShape[a] += t.shape[a];
        }
        Tensor out = first.newLike(outShape);
        int[] outStrides = Shape.strides(outShape);
        int pos = 0;
        int[] starts = new int[parts.size()];
        for (int k = 0; k < parts.size(); k++) {
            Tensor t = parts.get(k);
            starts[k] = pos;
            first.backend.copy(t.operand(), new View(out.storage, pos * outStrides[a], t.shape, outStrides), false);
            pos += t.shape[a];
        }
        return Autograd.record("cat", out, g -> {
            Tensor[] r = new Tensor[parts.size()];
            for (int k = 0; k < r.length; k++) {
                r[k] = g.narrow(a, starts[k], parts.get(k).shape[a]);
            }
            return r;
        }, parts.toArray(new Tensor[0]));
    }

    /** Stacks equal-shaped tensors along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        int a = Shape.axis("stack", axis < 0 ? axis + parts.get(0).dim() + 1 : axis, parts.get(0).dim() + 1);
        return cat(parts.stream().map(t -> {
            if (!Arrays.equals(t.shape, parts.get(0).shape)) {
                throw new IllegalArgumentException("stack: shapes " + Shape.str(parts.get(0).shape) + " and " + Shape.str(t.shape) + " differ");
            }
            return t.unsqueeze(a);
        }).toList(), a);
    }

    /** The entries {@code idx} along {@code axis}, in that order (repeats allowed). */
    public Tensor indexSelect(int axis, int[] idx) {
        int a = Shape.axis("indexSelect", axis, shape.length);
        for (int i : idx) {
            if (i < 0 || i >= shape[a]) {
                throw new IllegalArgumentException("indexSelect: index " + i + " out of range for axis " + a + " of shape " + Shape.str(shape));
            }
        }
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int[] outShape = shape.clone();
        outShape[a] = idx.length;
        Tensor out = newLike(outShape);
        int o = outer;
        int in = inner;
        int[] ids = idx.clone();
        backend.indexSelect(operand(outer, shape[a], inner), ids, out.operand(outer, ids.length, inner));
        return Autograd.record("indexSelect", out, g -> {
            Tensor gx = zerosLike(this);
            backend.indexAdd(g.operand(o, ids.length, in), ids, gx.operand(o, shape[a], in));
            return new Tensor[] {gx};
        }, this);
    }

    /**
     * {@code out[..., j, ...] = x[..., index[..., j, ...], ...]} along {@code axis}, as
     * {@code torch.gather}; {@code index} has the output's shape {@code indexShape}, which
     * matches this tensor's shape except along {@code axis}.
     */
    public Tensor gather(int axis, int[] index, int[] indexShape) {
        int a = Shape.axis("gather", axis, shape.length);
        if (indexShape.length != shape.length || Shape.numel(indexShape) != index.length) {
            throw new IllegalArgumentException("gather: index shape " + Shape.str(indexShape) + " does not fit input " + Shape.str(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (i != a && indexShape[i] != shape[i]) {
                throw new IllegalArgumentException("gather: index shape " + Shape.str(indexShape) + " differs from input "
                        + Shape.str(shape) + " outside axis " + a);
            }
        }
        int[] st = Shape.strides(shape);
        int[] ist = Shape.strides(indexShape);
        int[] flat = new int[index.length];
        for (int f = 0; f < index.length; f++) {
            int rem = f;
            int src = 0;
            for (int d = 0; d < indexShape.length; d++) {
                int c = rem / ist[d];
                rem -= c * ist[d];
                if (d == a) {
                    if (index[f] < 0 || index[f] >= shape[a]) {
                        throw new IllegalArgumentException("gather: index " + index[f] + " out of range for axis " + a
                                + " of shape " + Shape.str(shape));
                    }
                    c = index[f];
                }
                src += c * st[d];
            }
            flat[f] = src;
        }
        return reshape(numel, 1).indexSelect(0, flat).reshape(indexShape);
    }

    // ------------------------------------------------------------------ matmul, softmax

    /**
     * Matrix product of the last two axes, batched over the leading axes with broadcasting:
     * {@code [..., m, k] x [..., k, n] -> [..., m, n]}; a 1-d operand is not accepted.
     */
    public Tensor matmul(Tensor b) {
        requireSameBackend("matmul", b);
        if (dim() < 2 || b.dim() < 2) {
            throw new IllegalArgumentException("matmul: needs rank >= 2, got " + Shape.str(shape) + " and " + Shape.str(b.shape));
        }
        int m = shape[dim() - 2];
        int k = shape[dim() - 1];
        int n = b.shape[b.dim() - 1];
        if (b.shape[b.dim() - 2] != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(shape) + " and " + Shape.str(b.shape)
                    + " do not chain (" + k + " != " + b.shape[b.dim() - 2] + ")");
        }
        int[] batchA = Arrays.copyOf(shape, dim() - 2);
        int[] batchB = Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        Tensor a2 = expandBatch(this, batch, m, k);
        Tensor b2 = expandBatch(b, batch, k, n);
        int nb = Shape.numel(batch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = newLike(outShape);
        // A single matrix is reused for every batch entry through a zero batch stride.
        int aStride = Shape.numel(batchA) == 1 ? 0 : m * k;
        int bStride = Shape.numel(batchB) == 1 ? 0 : k * n;
        GemmGeometry forward = new GemmGeometry(false, false, nb, m, n, k);
        backend.gemm(forward, 1, forward.a(a2.storage, a2.offset, aStride), forward.b(b2.storage, b2.offset, bStride), 0,
                forward.c(out.storage, out.offset));
        return Autograd.record("matmul", out, g -> {
            Tensor ga = null;
            Tensor gb = null;
            if (requiresGrad) {
                // dA = dC B^T, per batch entry; summed over broadcast batch axes by sumTo.
                Tensor full = newLike(outShapeWith(batch, m, k));
                GemmGeometry dA = new GemmGeometry(false, true, nb, m, k, n);
                backend.gemm(dA, 1, dA.a(g.storage, g.offset, m * n), dA.b(b2.storage, b2.offset, bStride), 0,
                        dA.c(full.storage, full.offset));
                ga = full.sumTo(shape);
            }
            if (b.requiresGrad) {
                Tensor full = newLike(outShapeWith(batch, k, n));
                GemmGeometry dB = new GemmGeometry(true, false, nb, k, n, m);
                backend.gemm(dB, 1, dB.a(a2.storage, a2.offset, aStride), dB.b(g.storage, g.offset, m * n), 0,
                        dB.c(full.storage, full.offset));
                gb = full.sumTo(b.shape);
            }
            return new Tensor[] {ga, gb};
        }, this, b);
    }

    private static int[] outShapeWith(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /**
     * Returns {@code t} itself when its batch axes already equal {@code batch} or are all of size
     * one (then a zero batch stride reuses it); otherwise a materialised broadcast copy.
     */
    private static Tensor expandBatch(Tensor t, int[] batch, int r, int c) {
        int own = Shape.numel(Arrays.copyOf(t.shape, t.dim() - 2));
        int[] tb = Arrays.copyOf(t.shape, t.dim() - 2);
        int lead = batch.length - tb.length;
        boolean same = lead == 0 && Arrays.equals(tb, batch);
        if (same || own == 1) {
            return t;
        }
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return t.detach().expand(outShapeWith(batch, r, c));
        }
    }

    /** Softmax along {@code axis}. */
    public Tensor softmax(int axis) {
        return softmaxImpl(axis, false);
    }

    /** Log-softmax along {@code axis} (numerically stable). */
    public Tensor logSoftmax(int axis) {
        return softmaxImpl(axis, true);
    }

    private Tensor softmaxImpl(int axis, boolean log) {
        int a = Shape.axis(log ? "logSoftmax" : "softmax", axis, shape.length);
        if (a != shape.length - 1) {
            return transpose(a, -1).softmaxImpl(-1, log).transpose(a, -1);
        }
        int cols = shape[a];
        int rows = numel / Math.max(1, cols);
        Tensor out = newLike(shape.clone());
        SoftmaxGeometry geo = new SoftmaxGeometry(rows, cols, log);
        backend.softmax(geo, operand(), out.operand());
        return Autograd.record(log ? "logSoftmax" : "softmax", out, g -> {
            Tensor gx = newLike(shape.clone());
            backend.softmaxBackward(geo, out.operand(), g.operand(), gx.operand());
            return new Tensor[] {gx};
        }, this);
    }

    // ------------------------------------------------------------------ in-place updates (no graph)

    /**
     * Overwrites this tensor's numbers with {@code src}'s (same shape); for parameter loading and
     * optimizers, never recorded. Throws if this tensor is part of a recorded graph.
     */
    public void copyFrom(Tensor src) {
        requireSameShape("copyFrom", src);
        if (node != null) {
            throw new IllegalStateException("copyFrom on a tensor produced by a recorded op");
        }
        if (src.backend == backend) {
            backend.copy(src.operand(), operand(), false);
        } else {
            backend.copy(View.dense(backend.fromDoubles(src.toDoubleArray()), 0, shape), operand(), false);
        }
    }

    /** {@code this += alpha * x} in place, never recorded (optimizers, EMA, FedAvg). */
    public void addInPlace(Tensor x, double alpha) {
        requireSameShape("addInPlace", x);
        requireSameBackend("addInPlace", x);
        View scaled = x.operand();
        if (alpha != 1) {
            scaled = View.dense(backend.allocate(numel), 0, shape);
            backend.unary(UnaryOp.AFFINE, alpha, 0, x.operand(), scaled);
        }
        backend.binary(BinaryOp.ADD, operand(), scaled, operand());
    }

    /** {@code this *= c} in place, never recorded. */
    public void mulInPlace(double c) {
        backend.unary(UnaryOp.AFFINE, c, 0, operand(), operand());
    }

    /** Sets every element to {@code v} in place, never recorded. */
    public void fillInPlace(double v) {
        backend.fill(operand(), v);
    }

    /**
     * One Adam (or, with {@code decoupled}, AdamW) step on this parameter in place with PyTorch's
     * update rule; {@code m} and {@code v} are the moment buffers (same shape), {@code step} the
     * 1-based step count.
     */
    public void adamStepInPlace(Tensor g, Tensor m, Tensor v, long step, double lr, double beta1, double beta2,
                                double eps, double weightDecay, boolean decoupled) {
        requireSameShape("adamStep(grad)", g);
        requireSameShape("adamStep(m)", m);
        requireSameShape("adamStep(v)", v);
        double bc1 = 1 - StrictMath.pow(beta1, step);
        double bc2 = 1 - StrictMath.pow(beta2, step);
        backend.fusedAdamStep(new AdamHyperparameters(lr, beta1, beta2, eps, weightDecay, decoupled, bc1, bc2), operand(),
                g.operand(), m.operand(), v.operand());
    }

    // Package access for Functional.
    static Tensor wrap(Backend b, Storage s, int[] shape) {
        return new Tensor(b, s, 0, shape);
    }
}
