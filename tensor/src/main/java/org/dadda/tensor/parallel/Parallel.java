package org.dadda.tensor.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed worker pool that every CPU kernel splits its work over.
 *
 * <p>The pool size is read once from the system property {@code dadda.threads} (default: the
 * number of available processors) and can be changed with {@link #setThreads(int)}. Work is split
 * into chunks whose boundaries depend only on the range, the minimum chunk and the thread count,
 * never on timing, so that a kernel which writes disjoint outputs per chunk is deterministic for a
 * given thread count.
 */
public final class Parallel {

    /** Body of a parallel loop over the half-open index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code start} (inclusive) to {@code end} (exclusive). */
        void run(int start, int end);
    }

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {
    }

    private static int initialThreads() {
        String prop = System.getProperty("dadda.threads");
        if (prop != null && !prop.isBlank()) {
            try {
                int t = Integer.parseInt(prop.trim());
                if (t >= 1) {
                    return t;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property dadda.threads must be a positive integer, got '" + prop + "'", e);
            }
            throw new IllegalArgumentException("system property dadda.threads must be a positive integer, got '" + prop + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("dadda-worker-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Number of worker threads kernels split their work over. */
    public static int threads() {
        return threads;
    }

    /** Replaces the worker pool by one of {@code n} threads; results may differ between thread counts. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = newPool(n);
            threads = n;
            old.shutdown();
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous
     * chunks of at least {@code minChunk} indices. Runs inline when one chunk suffices or when
     * already on a worker thread (nested parallelism would only add overhead).
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int t = threads;
        int chunks = Math.min(t, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks - 1);
        ForkJoinPool p = pool;
        for (int c = 1; c < chunks; c++) {
            int s = (int) ((long) n * c / chunks);
            int e = (int) ((long) n * (c + 1) / chunks);
            tasks.add(p.submit(() -> body.run(s, e)));
        }
        body.run(0, (int) ((long) n / chunks));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    /** Runs {@code body(i)} for each {@code i} in {@code [0, n)}, one task per index. */
    public static void forEach(int n, java.util.function.IntConsumer body) {
        forRange(n, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                body.accept(i);
            }
        });
    }
}
