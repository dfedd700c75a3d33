package org.dadda.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The define-by-run tape: every op that has an input requiring a gradient records a {@link Node}
 * on its output; {@link #backward(Tensor, Tensor)} walks the nodes in reverse topological order.
 * Also holds the per-thread no-grad switch and the process-wide anomaly mode.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static volatile boolean anomalyMode = Boolean.getBoolean("dadda.anomaly");

    private Autograd() {
    }

    /** One recorded op: its name, its inputs and how to map the output's gradient to theirs. */
    static final class Node {
        final String op;
        Tensor[] inputs;
        GradFn fn;
        /** The output's storage when this op allocated it inside a {@link Workspace} step; else null. */
        Storage owned;
        Workspace workspace;

        Node(String op, Tensor[] inputs, GradFn fn) {
            this.op = op;
            this.inputs = inputs;
            this.fn = fn;
        }
    }

    /** The backward of one op: gradients for each input (null where none is needed). */
    @FunctionalInterface
    interface GradFn {
        Tensor[] apply(Tensor gradOutput);
    }

    /** A scope in which no op is recorded (inference, optimizer updates). */
    public interface NoGrad extends AutoCloseable {
        @Override
        void close();
    }

    /** Disables recording on this thread until the returned scope is closed; scopes nest. */
    public static NoGrad noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    /** Whether ops on this thread are recorded. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /**
     * Turns anomaly mode on or off: when on, every op checks its output (forward) and the
     * gradients it produces (backward) for NaN and infinity, and throws naming the first op that
     * produced one. Costs a pass over every tensor; also enabled by {@code -Ddadda.anomaly=true}.
     */
    public static void setAnomalyDetection(boolean on) {
        anomalyMode = on;
    }

    /** Whether anomaly mode is on. */
    public static boolean isAnomalyDetection() {
        return anomalyMode;
    }

    /** Records {@code out} as produced by {@code op} from {@code inputs}, if any input needs a gradient. */
    static Tensor record(String op, Tensor out, GradFn fn, Tensor... inputs) {
        if (anomalyMode) {
            checkFinite(out, "anomaly: op '" + op + "' produced %s in its output (forward), shape " + Shape.str(out.shape()));
        }
        if (!isGradEnabled()) {
            return out;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                Node node = new Node(op, inputs, fn);
                claimOutput(node, out, inputs);
                out.setNode(node);
                return out;
            }
        }
        return out;
    }

    /**
     * Inside a workspace step, lets {@code node} own its output's storage when the op allocated it
     * (a view shares an input's storage and is owned by whoever made that), so that backward can
     * hand it back once it has passed the node.
     */
    private static void claimOutput(Node node, Tensor out, Tensor[] inputs) {
        Workspace ws = Workspace.active();
        Storage s = out.storage();
        if (ws == null || s.claimed || s.pinned) {
            return;
        }
        for (Tensor in : inputs) {
            if (in != null && in.storage() == s) {
                return;
            }
        }
        s.claimed = true;
        node.owned = s;
        node.workspace = ws;
    }

    private static void checkFinite(Tensor t, String messageFormat) {
        float[] v = t.toArray();
        for (float f : v) {
            if (Float.isNaN(f)) {
                throw new IllegalStateException(String.format(messageFormat, "NaN"));
            }
            if (Float.isInfinite(f)) {
                throw new IllegalStateException(String.format(messageFormat, "infinity"));
            }
        }
    }

    /**
     * Back-propagates {@code seed} (the gradient of some scalar with respect to {@code root})
     * through the recorded graph, accumulating into the {@code grad} of every leaf that requires
     * one. Each node is released once used, so intermediate buffers become garbage as early as
     * possible and the graph can be walked only once; inside a {@link Workspace} step they go
     * straight back to its pool ({@link BackwardReleases}).
     */
    static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor of shape " + Shape.str(root.shape())
                    + " does not require grad and has no recorded graph");
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        BackwardReleases releases = BackwardReleases.start(Workspace.active(), root);
        grads.put(root, seed);
        try (NoGrad ignored = noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                // Dropping the order's reference lets an activation be collected as soon as the last
                // node that reads it has run, instead of at the end of the whole backward pass.
                Tensor t = order.set(i, null);
                Tensor g = grads.remove(t);
                Node node = t.node();
                if (node == null) {
                    continue;
                }
                if (g == null) {
                    releases.afterNode(t, node, null, releases.mark());
                    continue;
                }
                releases.dropHold(g);
                if (node.fn == null) {
                    throw new IllegalStateException("backward: the graph through op '" + node.op
                            + "' was already used by an earlier backward()");
                }
                if (t.retainsGrad()) {
                    t.accumulateGrad(g);
                }
                int mark = releases.mark();
                Tensor[] inGrads = node.fn.apply(g);
                for (int k = 0; k < node.inputs.length; k++) {
                    Tensor in = node.inputs[k];
                    if (in == null || !in.requiresGrad() || inGrads[k] == null) {
                        continue;
                    }
                    Tensor gk = inGrads[k];
                    if (!java.util.Arrays.equals(gk.shape(), in.shape())) {
                        throw new IllegalStateException("backward of op '" + node.op + "' produced a gradient of shape "
                                + Shape.str(gk.shape()) + " for input " + k + " of shape " + Shape.str(in.shape()));
                    }
                    if (anomalyMode) {
                        checkFinite(gk, "anomaly: backward of op '" + node.op + "' produced %s in the gradient of input " + k);
                    }
                    if (in.node() == null) {
                        in.accumulateGrad(gk);
                    } else {
                        Tensor prev = grads.get(in);
                        Tensor sum = prev == null ? gk : prev.add(gk);
                        grads.put(in, sum);
                        releases.hold(sum);
                        if (prev != null) {
                            releases.replaced(prev);
                        }
                    }
                }
                releases.afterNode(t, node, g, mark);
                node.fn = null;
                node.inputs = null;
            }
        } finally {
            releases.finish();
        }
    }

    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.node();
            Tensor[] inputs = node == null || node.inputs == null ? new Tensor[0] : node.inputs;
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && in.node() != null && !visited.containsKey(in)) {
                    visited.put(in, Boolean.TRUE);
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
