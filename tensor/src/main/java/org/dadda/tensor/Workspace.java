package org.dadda.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A pool of tensor buffers that makes a steady-state training loop allocate almost nothing new
 * per step. Java has no destructors, so the pool only takes back buffers whose last reader is
 * known: while a {@link Step} is open on a thread, {@code backward()} hands back
 * <ul>
 *   <li>the output of every recorded op once backward has passed that op (every op that read it
 *       has then run its backward), except the root, tensors that {@link Tensor#retainGrad()
 *       retain their gradient}, and storages shared through {@link Tensor#detach()};</li>
 *   <li>every gradient and temporary it made itself, once nothing downstream holds it.</li>
 * </ul>
 * Allocations on that thread draw from the pool (same backend, same element count), so the
 * gradient of an activation reuses the activation's buffer and the next step's forward reuses
 * the buffers of this step's backward. Everything else (inputs, parameters, optimizer state, the
 * loss, gradients kept in {@link Tensor#grad()}) is left to the garbage collector as usual.
 *
 * <p>The contract this buys the speed with: inside a step, an intermediate tensor of the graph is
 * valid until backward has passed it. Reading it later throws an {@link IllegalStateException}
 * that names the op whose backward released it; read what you need before {@code backward()}
 * (the loss itself stays readable) or {@link Tensor#detach()} it first. Without an open step
 * nothing changes.
 *
 * <pre>{@code
 * Workspace ws = new Workspace();
 * for (Batch b : loader) {
 *     try (Workspace.Step step = ws.step()) {
 *         Tensor loss = lossOf(model.forward(b.x()), b.y());
 *         opt.zeroGrad();
 *         loss.backward();
 *         opt.step();
 *         log(loss.item());
 *     }
 * }
 * }</pre>
 *
 * A workspace serves one thread at a time; each thread of a multi-threaded trainer keeps its own.
 */
public final class Workspace {
    /** Buffers smaller than this are cheaper to allocate than to look up. */
    static final int MIN_POOLED_ELEMENTS = 1024;

    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    private record Key(Backend backend, int elements) {
    }

    private final Map<Key, ArrayDeque<Storage>> free = new HashMap<>();
    private final Map<Key, int[]> demand = new HashMap<>();
    private Thread owner;
    private List<Storage> log;
    private long reused;
    private long allocated;
    private long released;
    private long reusedElements;
    private long allocatedElements;

    /** An empty pool. */
    public Workspace() {
    }

    /** One training step: while open, this thread allocates from and releases into the pool. */
    public final class Step implements AutoCloseable {
        private final Workspace previous;
        private boolean closed;

        private Step(Workspace previous) {
            this.previous = previous;
        }

        /**
         * Ends the step: this thread allocates normally again (or from an enclosing workspace),
         * and buffers the step did not need are dropped so that the pool stays the size of one
         * step's working set.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (ACTIVE.get() != Workspace.this) {
                throw new IllegalStateException("Workspace.Step closed out of order or on another thread");
            }
            ACTIVE.set(previous);
            synchronized (Workspace.this) {
                owner = null;
                trim();
            }
        }
    }

    /**
     * Opens a step on the calling thread. Throws if this workspace already has a step open
     * (on any thread): a pool serves one thread at a time.
     */
    public synchronized Step step() {
        if (owner != null) {
            throw new IllegalStateException("Workspace: a step is already open on thread '" + owner.getName()
                    + "'; close it first (one workspace per thread)");
        }
        owner = Thread.currentThread();
        Workspace previous = ACTIVE.get();
        ACTIVE.set(this);
        return new Step(previous);
    }

    /** Allocations served from the pool so far. */
    public synchronized long reusedCount() {
        return reused;
    }

    /** Allocations of poolable size that found no buffer in the pool so far. */
    public synchronized long allocatedCount() {
        return allocated;
    }

    /** Buffers handed back to the pool so far. */
    public synchronized long releasedCount() {
        return released;
    }

    /** Elements served from the pool so far. */
    public synchronized long reusedElements() {
        return reusedElements;
    }

    /** Elements newly allocated (poolable sizes only) so far. */
    public synchronized long allocatedElements() {
        return allocatedElements;
    }

    /** Elements held by idle buffers in the pool now. */
    public synchronized long pooledElements() {
        long n = 0;
        for (var e : free.entrySet()) {
            n += (long) e.getKey().elements() * e.getValue().size();
        }
        return n;
    }

    @Override
    public synchronized String toString() {
        return String.format("Workspace[reused %d (%,d elements), allocated %d (%,d elements), released %d, pooled %,d elements]",
                reused, reusedElements, allocated, allocatedElements, released, pooledElements());
    }

    // ------------------------------------------------------------------ backend and autograd hooks

    /** The workspace with a step open on this thread, or null. */
    static Workspace active() {
        return ACTIVE.get();
    }

    /**
     * A zero-filled storage of {@code n} elements for {@code backend}: from the active workspace's
     * pool when it has one of that size, else {@code fresh.apply(n)}. Backends call this from
     * {@link Backend#allocate(int)}.
     */
    public static Storage allocate(Backend backend, int n, IntFunction<Storage> fresh) {
        return draw(backend, n, fresh, true);
    }

    /**
     * As {@link #allocate}, but a pooled buffer keeps whatever it held: for outputs a kernel
     * overwrites in full ({@link Backend#allocateUninitialized(int)}).
     */
    public static Storage allocateUninitialized(Backend backend, int n, IntFunction<Storage> fresh) {
        return draw(backend, n, fresh, false);
    }

    private static Storage draw(Backend backend, int n, IntFunction<Storage> fresh, boolean zeroed) {
        Workspace ws = ACTIVE.get();
        if (ws == null || n < MIN_POOLED_ELEMENTS) {
            return fresh.apply(n);
        }
        return ws.take(backend, n, fresh, zeroed);
    }

    private synchronized Storage take(Backend backend, int n, IntFunction<Storage> fresh, boolean zeroed) {
        Key key = new Key(backend, n);
        demand.computeIfAbsent(key, k -> new int[1])[0]++;
        ArrayDeque<Storage> q = free.get(key);
        Storage s = q == null ? null : q.poll();
        if (s != null) {
            reused++;
            reusedElements += n;
            if (zeroed) {
                backend.fill(View.dense(s, 0, n), 0);
            }
        } else {
            allocated++;
            allocatedElements += n;
            s = fresh.apply(n);
        }
        if (log != null) {
            log.add(s);
        }
        return s;
    }

    /**
     * Hands {@code s} back to the pool: its buffer moves to a new storage object, and {@code s}
     * throws on every later access, naming {@code why}. Does nothing for pinned, small or
     * non-reusable storages.
     */
    synchronized void release(Backend backend, Storage s, String why) {
        if (s.pinned || s.isReleased() || s.length() < MIN_POOLED_ELEMENTS) {
            return;
        }
        Storage fresh = s.handOver();
        if (fresh == null) {
            return;
        }
        s.markReleased(why);
        released++;
        free.computeIfAbsent(new Key(backend, s.length()), k -> new ArrayDeque<>()).push(fresh);
    }

    /** Starts recording every storage this workspace hands out (backward's own allocations). */
    synchronized int startLog() {
        if (log == null) {
            log = new ArrayList<>();
        }
        return log.size();
    }

    /** The storages handed out since {@code mark}. */
    synchronized List<Storage> loggedSince(int mark) {
        return log == null ? List.of() : new ArrayList<>(log.subList(mark, log.size()));
    }

    /** Stops recording and forgets the log. */
    synchronized void stopLog() {
        log = null;
    }

    private void trim() {
        for (Iterator<Map.Entry<Key, ArrayDeque<Storage>>> it = free.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, ArrayDeque<Storage>> e = it.next();
            int[] d = demand.get(e.getKey());
            int keep = d == null ? 0 : d[0];
            ArrayDeque<Storage> q = e.getValue();
            while (q.size() > keep) {
                q.pollLast();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        demand.clear();
    }
}
