package org.dadda.tensor.cpu.support;

import org.dadda.tensor.parallel.Parallel;

/**
 * Runs independent tasks (images, groups, heads) either spread over the worker pool, each task then
 * single-threaded, or one after another, each parallel inside. Tasks write disjoint outputs and each
 * computes the same bits either way, so the choice only affects speed.
 */
public final class Tasks {

    /** One task; {@code parallelInside} says whether it may itself use the worker pool. */
    @FunctionalInterface
    public interface Task {
        /** Runs task {@code index}. */
        void run(int index, boolean parallelInside);
    }

    private Tasks() {
    }

    /** Whether {@code count} tasks split evenly enough over the pool to run them side by side. */
    static boolean spread(int count) {
        int t = Parallel.threads();
        return t > 1 && (count % t == 0 || count >= 4 * t);
    }

    /** Runs tasks {@code 0 .. count-1}. */
    public static void run(int count, Task task) {
        if (spread(count)) {
            Parallel.forRange(count, 1, (s, e) -> {
                for (int i = s; i < e; i++) {
                    task.run(i, false);
                }
            });
        } else {
            for (int i = 0; i < count; i++) {
                task.run(i, true);
            }
        }
    }
}
