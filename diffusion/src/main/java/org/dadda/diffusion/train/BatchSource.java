package org.dadda.diffusion.train;

/**
 * Training data as a pure function of the step: the batch for step {@code s} must depend only
 * on {@code s} (and the source's own seed), so that a resumed run sees exactly the batches the
 * uninterrupted run would have seen.
 */
@FunctionalInterface
public interface BatchSource {
    /** The batch of {@code batchSize} samples for training step {@code step} (0-based). */
    Batch batch(long step, int batchSize);
}
