package org.dadda.nn.optim;

/**
 * A learning rate as a function of the optimizer step: {@code lr(step)} is the rate for the
 * update that follows {@code step} completed updates (0 for the first). Schedules are pure
 * functions of the step, so a resumed run gets the same rates from the saved step alone.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate for the update after {@code step} completed ones. */
    double lr(long step);

    /** Sets {@code optimizer}'s rate for the update after {@code step} completed ones; returns the rate. */
    default double apply(Optimizer optimizer, long step) {
        double r = lr(step);
        optimizer.setLr(r);
        return r;
    }

    /** A fixed rate. */
    static LrSchedule constant(double lr) {
        requireRate(lr);
        return step -> lr;
    }

    /**
     * Linear warm-up to {@code lr} over {@code warmupSteps} updates, then constant: update
     * {@code s} (0-based) uses {@code lr * min(1, (s + 1) / warmupSteps)}, so no update is wasted
     * at rate zero.
     */
    static LrSchedule linearWarmup(double lr, long warmupSteps) {
        return warmupThen(lr, warmupSteps, constant(lr));
    }

    /**
     * Cosine decay from {@code lr} at step 0 to {@code minLr} at step {@code totalSteps} (and
     * after), as the closed form of {@code torch.optim.lr_scheduler.CosineAnnealingLR}.
     */
    static LrSchedule cosine(double lr, long totalSteps, double minLr) {
        requireRate(lr);
        requireRate(minLr);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("cosine schedule: total steps must be >= 1, got " + totalSteps);
        }
        return step -> {
            double t = Math.min(Math.max(step, 0), totalSteps) / (double) totalSteps;
            return minLr + (lr - minLr) * 0.5 * (1 + StrictMath.cos(Math.PI * t));
        };
    }

    /** Linear warm-up over {@code warmupSteps}, then cosine decay to {@code minLr} at {@code totalSteps}. */
    static LrSchedule warmupCosine(double lr, long warmupSteps, long totalSteps, double minLr) {
        if (totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("warm-up cosine schedule: total steps " + totalSteps
                    + " must exceed warm-up steps " + warmupSteps);
        }
        LrSchedule decay = cosine(lr, totalSteps - warmupSteps, minLr);
        return warmupThen(lr, warmupSteps, s -> decay.lr(s - warmupSteps));
    }

    /** Linear warm-up to {@code lr} over {@code warmupSteps}, then {@code after} (called with the absolute step). */
    static LrSchedule warmupThen(double lr, long warmupSteps, LrSchedule after) {
        requireRate(lr);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
        }
        return step -> step < warmupSteps ? lr * (step + 1) / warmupSteps : after.lr(step);
    }

    private static void requireRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }
}
