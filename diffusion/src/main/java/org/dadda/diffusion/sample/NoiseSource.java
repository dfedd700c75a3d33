package org.dadda.diffusion.sample;

import java.util.Arrays;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Gaussian noise for a batch of samples in which every sample draws from its own seeded stream.
 * A sample's noise therefore depends only on its seed, never on the batch it happens to be in
 * or on its position there: generating N samples in batches of 4 or of 16 draws the same noise.
 */
public final class NoiseSource {
    private final long[] seeds;
    private final Rng[] streams;

    private NoiseSource(long[] seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("NoiseSource: needs at least one seed");
        }
        this.seeds = seeds.clone();
        this.streams = new Rng[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            streams[i] = new Rng(seeds[i]);
        }
    }

    /** One stream per seed, in batch order. */
    public static NoiseSource ofSeeds(long... seeds) {
        return new NoiseSource(seeds);
    }

    /** {@code count} streams with the seeds {@link #sampleSeed(long, long) sampleSeed(seed, first + i)}. */
    public static NoiseSource sequential(long seed, long first, int count) {
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = sampleSeed(seed, first + i);
        }
        return new NoiseSource(s);
    }

    /**
     * The seed of sample {@code index} of a run seeded with {@code seed}: a SplitMix64 mix of
     * both, so neighbouring indices get unrelated streams.
     */
    public static long sampleSeed(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Number of samples (the batch size this source serves). */
    public int count() {
        return seeds.length;
    }

    /** The seeds, in batch order. */
    public long[] seeds() {
        return seeds.clone();
    }

    /** Standard normal noise of {@code shape}, whose first axis must equal {@link #count()}. */
    public Tensor next(int... shape) {
        if (shape.length < 1 || shape[0] != seeds.length) {
            throw new IllegalArgumentException("NoiseSource.next: shape " + Arrays.toString(shape) + " does not start with the "
                    + seeds.length + " samples of this source");
        }
        int total = 1;
        for (int d : shape) {
            total *= d;
        }
        int per = total / seeds.length;
        double[] v = new double[total];
        for (int s = 0; s < seeds.length; s++) {
            Rng r = streams[s];
            for (int i = 0; i < per; i++) {
                v[s * per + i] = (float) r.nextGaussian();
            }
        }
        return Tensor.fromDoubles(v, shape);
    }
}
