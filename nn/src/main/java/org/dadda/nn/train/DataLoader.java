package org.dadda.nn.train;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns the index batches of a {@link BatchSampler} into loaded batches through a user function,
 * optionally preparing the next batches on one background thread while the caller trains on the
 * current one.
 *
 * <p>It knows nothing of tensors: the loader maps an {@code int[]} of sample indices to any batch
 * type {@code B}. Batches arrive in the sampler's order whatever the prefetch depth, and a single
 * loading thread means the loader needs no thread safety; results are therefore deterministic.
 *
 * <pre>{@code
 * try (DataLoader<Batch> loader = new DataLoader<>(sampler, indices -> dataset.load(indices), 2)) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         try (DataLoader.Epoch<Batch> batches = loader.epoch(epoch)) {
 *             while (batches.hasNext()) {
 *                 train(batches.next());
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * @param <B> the batch type
 */
public final class DataLoader<B> implements AutoCloseable {

    private static final long OFFER_POLL_MS = 20;

    private final BatchSampler sampler;
    private final Function<int[], ? extends B> loader;
    private final int prefetch;
    private ExecutorService executor;
    private Epoch<B> current;
    private boolean closed;

    /**
     * A loader.
     *
     * @param sampler the index batches
     * @param loader loads one batch from its sample indices; called on the background thread when
     *     {@code prefetch > 0}, on the caller's thread otherwise
     * @param prefetch how many loaded batches may wait ahead of the caller (the bound of the
     *     queue); 0 loads synchronously in {@link Epoch#next()} with no thread
     * @throws IllegalArgumentException on a null sampler or loader, or a negative prefetch
     */
    public DataLoader(BatchSampler sampler, Function<int[], ? extends B> loader, int prefetch) {
        if (sampler == null || loader == null) {
            throw new IllegalArgumentException("sampler and loader must not be null");
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
        }
        this.sampler = sampler;
        this.loader = loader;
        this.prefetch = prefetch;
    }

    /** The sampler producing the index batches. */
    public BatchSampler sampler() {
        return sampler;
    }

    /**
     * Starts iterating one epoch; with prefetching, loading begins at once. An epoch still open
     * is closed first.
     *
     * @param epoch the epoch number (selects the shuffled order)
     * @return the epoch's batches; close it when done (or abandon it early)
     * @throws IllegalStateException if the loader is closed
     */
    public synchronized Epoch<B> epoch(int epoch) {
        if (closed) {
            throw new IllegalStateException("DataLoader is closed");
        }
        if (current != null) {
            current.close();
        }
        List<int[]> batches = sampler.batches(epoch);
        if (prefetch > 0 && executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dadda-data-loader");
                t.setDaemon(true);
                return t;
            });
        }
        current = new Epoch<>(epoch, batches, loader, prefetch, executor);
        return current;
    }

    /**
     * Stops the open epoch (waiting for a batch being loaded to finish) and the background thread.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.close();
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The batches of one epoch, in order.
     *
     * @param <B> the batch type
     */
    public static final class Epoch<B> implements Iterator<B>, AutoCloseable {

        /** A queue item: a batch, a failure, or the end of the epoch. */
        private static final class Item<B> {
            final B batch;
            final BatchLoadException failure;
            final boolean end;

            Item(B batch, BatchLoadException failure, boolean end) {
                this.batch = batch;
                this.failure = failure;
                this.end = end;
            }
        }

        private final int epoch;
        private final List<int[]> batches;
        private final Function<int[], ? extends B> loader;
        private final BlockingQueue<Item<B>> queue;
        private final Future<?> producer;
        private volatile boolean cancelled;
        private int delivered;
        private Item<B> pending;
        private boolean finished;

        Epoch(int epoch, List<int[]> batches, Function<int[], ? extends B> loader, int prefetch,
                ExecutorService executor) {
            this.epoch = epoch;
            this.batches = batches;
            this.loader = loader;
            if (prefetch > 0) {
                this.queue = new ArrayBlockingQueue<>(prefetch);
                this.producer = executor.submit(this::produce);
            } else {
                this.queue = null;
                this.producer = null;
            }
        }

        /** The epoch number. */
        public int epoch() {
            return epoch;
        }

        /** The number of batches in this epoch. */
        public int size() {
            return batches.size();
        }

        private Item<B> load(int index) {
            int[] indices = batches.get(index);
            try {
                return new Item<>(loader.apply(indices.clone()), null, false);
            } catch (RuntimeException | Error e) {
                String shown = indices.length <= 16 ? Arrays.toString(indices) : indices.length + " samples";
                return new Item<>(null, new BatchLoadException("loading batch " + index + " of epoch " + epoch
                        + " (" + shown + ") failed: " + e, e), false);
            }
        }

        private void produce() {
            for (int b = 0; b < batches.size() && !cancelled; b++) {
                Item<B> item = load(b);
                if (!offer(item) || item.failure != null) {
                    return;
                }
            }
            offer(new Item<>(null, null, true));
        }

        /** Waits for room in the queue, giving up when the epoch is cancelled. */
        private boolean offer(Item<B> item) {
            try {
                while (!cancelled) {
                    if (queue.offer(item, OFFER_POLL_MS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /**
         * Whether another batch follows; with prefetching this waits for it to be loaded.
         *
         * @throws BatchLoadException if loading the next batch failed
         */
        @Override
        public boolean hasNext() {
            if (finished || cancelled) {
                return false;
            }
            if (pending == null) {
                pending = fetch();
            }
            if (pending.failure != null) {
                BatchLoadException failure = pending.failure;
                finished = true;
                throw failure;
            }
            if (pending.end) {
                finished = true;
                return false;
            }
            return true;
        }

        private Item<B> fetch() {
            if (queue == null) {
                return delivered < batches.size() ? load(delivered) : new Item<>(null, null, true);
            }
            try {
                // Poll rather than take, so that a close() from another thread cannot leave us waiting.
                while (true) {
                    Item<B> item = queue.poll(OFFER_POLL_MS, TimeUnit.MILLISECONDS);
                    if (item != null) {
                        return item;
                    }
                    if (cancelled) {
                        return new Item<>(null, null, true);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for batch " + delivered + " of epoch " + epoch, e);
            }
        }

        /**
         * The next batch.
         *
         * @throws NoSuchElementException after the last batch or after {@link #close()}
         * @throws BatchLoadException if loading it failed
         */
        @Override
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches (" + delivered + " delivered)");
            }
            B batch = pending.batch;
            pending = null;
            delivered++;
            return batch;
        }

        /**
         * Stops loading this epoch: batches not yet taken are dropped. Waits for a batch being
         * loaded on the background thread to finish, so the loader is idle afterwards.
         */
        @Override
        public void close() {
            cancelled = true;
            if (producer == null) {
                return;
            }
            queue.clear();
            try {
                producer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("data loader thread failed", e.getCause());
            }
            queue.clear();
        }
    }
}
