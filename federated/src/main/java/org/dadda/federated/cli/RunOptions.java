package org.dadda.federated.cli;

import java.nio.file.Path;
import org.dadda.tensor.cpu.Parallel;
import picocli.CommandLine.Option;

/** The options every command that works on a run folder shares. */
public final class RunOptions {
    @Option(names = "--out", paramLabel = "RUN_DIR", required = true,
            description = "The run folder: every stage reads and writes here (created when missing).")
    Path out;

    @Option(names = "--profile", paramLabel = "quick|cpu|paper",
            description = "Scale of the run: quick (32x32, minutes), cpu (64x64, hours), paper (128x128, the paper's settings). "
                    + "Default: the run folder's, or quick for a new one.")
    String profile;

    @Option(names = "--seed", paramLabel = "N", description = "Base seed of every random choice. Default: the run folder's, or 0.")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the CPU kernels. Default: all cores.")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    /** Applies {@code --threads}. */
    void applyThreads() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            Parallel.setThreads(threads);
        }
    }
}
