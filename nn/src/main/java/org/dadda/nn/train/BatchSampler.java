package org.dadda.nn.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Splits the indices {@code 0..size-1} of a dataset into batches, one epoch at a time.
 *
 * <p>With shuffling, each epoch's order is a Fisher-Yates permutation drawn from
 * {@link java.util.Random} (whose algorithm is fixed by its specification) seeded from
 * {@code (seed, epoch)}: the same seed and epoch always give the same batches, on any JVM, and
 * epochs can be replayed out of order (for example when resuming training).
 */
public final class BatchSampler {

    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;

    /**
     * A sampler.
     *
     * @param size number of samples in the dataset, at least 1
     * @param batchSize samples per batch, at least 1
     * @param shuffle whether each epoch visits the samples in a seeded random order
     * @param dropLast whether to drop a last batch smaller than {@code batchSize}
     * @param seed the shuffling seed (ignored without shuffling)
     * @throws IllegalArgumentException on non-positive sizes, or when dropping the last batch
     *     would leave no batch at all
     */
    public BatchSampler(int size, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("dataset size must be >= 1, got " + size);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (dropLast && batchSize > size) {
            throw new IllegalArgumentException("batchSize " + batchSize + " exceeds the dataset size " + size
                    + " and dropLast is set: no batch would be produced");
        }
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /** Number of samples in the dataset. */
    public int size() {
        return size;
    }

    /** Samples per (full) batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches in every epoch. */
    public int batchesPerEpoch() {
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /**
     * The order in which an epoch visits the samples: the identity without shuffling.
     *
     * @param epoch the epoch number, {@code >= 0}
     * @return a permutation of {@code 0..size-1}
     */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(mix(seed, epoch));
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * The batches of an epoch, in order.
     *
     * @param epoch the epoch number, {@code >= 0}
     * @return {@link #batchesPerEpoch()} arrays of sample indices
     */
    public List<int[]> batches(int epoch) {
        int[] order = order(epoch);
        int count = batchesPerEpoch();
        List<int[]> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            int from = b * batchSize;
            batches.add(Arrays.copyOfRange(order, from, Math.min(from + batchSize, size)));
        }
        return batches;
    }

    /** Decorrelates nearby (seed, epoch) pairs before they seed the generator (splitmix64 finaliser). */
    private static long mix(long seed, int epoch) {
        long z = seed + (epoch + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
