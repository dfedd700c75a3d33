package org.dadda.tensor.cpu.support;

import org.dadda.tensor.parallel.Parallel;

/**
 * A parallel sweep over the columns of an {@code [outer, n, inner]} view, for kernels that walk the
 * middle axis per column (arg-max, index add): each column is visited by exactly one task, in order.
 */
public final class ColumnSweep {
    /** Elements per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;

    private ColumnSweep() {
    }

    /** Columns per task when an {@code [outer, n, inner]} sweep is split along {@code inner}. */
    private static final int COLUMN_BLOCK = 1024;

    /** Body of a sweep over columns {@code [c0, c1)} of the slab {@code o} of an {@code [outer, n, inner]} view. */
    @FunctionalInterface
    public interface ColumnBody {
        /** Runs the columns {@code [c0, c1)} of slab {@code o}. */
        void run(int o, int c0, int c1);
    }

    /**
     * Runs {@code body} over every slab and block of columns, in parallel. Each column of a slab
     * is visited by exactly one task, so work that walks the middle axis per column stays in order.
     */
    public static void forColumns(int outer, int inner, long workPerColumn, ColumnBody body) {
        int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        long workPerTask = workPerColumn * Math.min(inner, COLUMN_BLOCK);
        Parallel.forRange(outer * blocks, (int) Math.max(1, GRAIN / Math.max(1, workPerTask)), (s, e) -> {
            for (int t = s; t < e; t++) {
                int c0 = (t % blocks) * COLUMN_BLOCK;
                body.run(t / blocks, c0, Math.min(inner, c0 + COLUMN_BLOCK));
            }
        });
    }
}
