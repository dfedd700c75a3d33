package org.dadda.tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Backward's bookkeeping inside a {@link Workspace} step: which storages backward made itself
 * and how many pending gradients still hold each, so that a gradient or temporary goes back to
 * the pool as soon as nothing downstream can read it, and an op's output as soon as backward has
 * passed the op.
 */
final class BackwardReleases {
    /** Outside a workspace step: every call does nothing. */
    private static final BackwardReleases NONE = new BackwardReleases(null, null);

    private final Workspace workspace;
    private final Tensor root;
    private final Map<Storage, int[]> holds = new IdentityHashMap<>();
    private final Set<Storage> made = Collections.newSetFromMap(new IdentityHashMap<>());

    private BackwardReleases(Workspace workspace, Tensor root) {
        this.workspace = workspace;
        this.root = root;
    }

    /** The bookkeeping of one backward pass from {@code root} in {@code workspace} (null: none). */
    static BackwardReleases start(Workspace workspace, Tensor root) {
        if (workspace == null) {
            return NONE;
        }
        workspace.startLog();
        return new BackwardReleases(workspace, root);
    }

    /** A position in the workspace's log; storages handed out after it belong to the current node. */
    int mark() {
        return workspace == null ? 0 : workspace.startLog();
    }

    /** {@code g} now sits in the pending-gradient map. */
    void hold(Tensor g) {
        if (workspace != null) {
            holds.computeIfAbsent(g.storage(), s -> new int[1])[0]++;
        }
    }

    /** {@code g} left the pending-gradient map (consumed, or folded into a sum). */
    void dropHold(Tensor g) {
        int[] n = holds.get(g.storage());
        if (n != null && --n[0] == 0) {
            holds.remove(g.storage());
        }
    }

    /** After a sum replaced {@code prev} in the pending map: hands {@code prev} back if it was backward's own. */
    void replaced(Tensor prev) {
        dropHold(prev);
        releaseIfFree(prev.backend(), prev.storage(), "a gradient summed into another");
    }

    /**
     * After backward has run {@code node} (the op that produced {@code t}) on gradient {@code g}
     * (null when none reached it): hands back the temporaries and gradients the node made that
     * nothing holds, the consumed gradient, and the node's own output.
     */
    void afterNode(Tensor t, Autograd.Node node, Tensor g, int mark) {
        if (workspace == null) {
            return;
        }
        Backend backend = t.backend();
        String why = "the backward of op '" + node.op + "' made it and no longer needs it";
        for (Storage s : workspace.loggedSince(mark)) {
            made.add(s);
            releaseIfFree(backend, s, why);
        }
        if (g != null) {
            releaseIfFree(backend, g.storage(), "backward consumed it as the gradient of op '" + node.op + "'");
        }
        Storage out = node.owned;
        if (out != null && node.workspace == workspace && t != root && !t.retainsGrad() && !holds.containsKey(out)) {
            workspace.release(backend, out, "backward passed op '" + node.op + "', the last reader of its output");
        }
    }

    private void releaseIfFree(Backend backend, Storage s, String why) {
        if (made.contains(s) && !holds.containsKey(s)) {
            workspace.release(backend, s, why);
        }
    }

    /** Ends the pass: the workspace stops logging. */
    void finish() {
        if (workspace != null) {
            workspace.stopLog();
        }
    }
}
