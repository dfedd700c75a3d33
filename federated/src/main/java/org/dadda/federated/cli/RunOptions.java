package org.dadda.federated.cli;

import java.nio.file.Path;
import org.dadda.federated.config.ProfileOverrides;
import org.dadda.tensor.parallel.Parallel;
import picocli.CommandLine.Option;

/** The options every command that works on a run folder shares. */
public final class RunOptions {
    @Option(names = "--out", paramLabel = "RUN_DIR", required = true,
            description = "The run folder: every stage reads and writes here (created when missing).")
    Path out;

    @Option(names = "--profile", paramLabel = "quick|standard|cpu|paper",
            description = "Scale of the run: quick (32x32, minutes, samples not usable), standard (32x32, one category in an"
                    + " afternoon on 2 cores), cpu (64x64, hours), paper (128x128, the paper's settings). "
                    + "Default: the run folder's, or quick for a new one.")
    String profile;

    @Option(names = "--repeats", paramLabel = "N",
            description = "Train every classifier and detector N times with different seeds; tables give mean ± std."
                    + " Default: the profile's (1 for quick, 3 otherwise).")
    Integer repeats;

    @Option(names = "--conditioning", paramLabel = "paper|spatial|both",
            description = "How the fine-tuned G_I sees the mask: paper (gated cross-attention and mask projection, Sec. III-C),"
                    + " spatial (a SPADE-style mask path at every resolution, this project's), or both. Default: the profile's.")
    String conditioning;

    @Option(names = "--gate-mode", paramLabel = "both|defect|normal|none",
            description = "Gates of the paper's path (Table IV ablation): both (the paper's module), defect, normal, or none"
                    + " (mask projection only). Default: both.")
    String gateMode;

    @Option(names = "--dam-label", paramLabel = "region|defect",
            description = "Which mask labels a DAM sample (for the detector, G_M and the fine-tuned G_I): region (the"
                    + " paper's augmented mask, the whole pasted region) or defect (only the defect pixels the pasted patch"
                    + " carries, this project's). Default: the profile's.")
    String damLabel;

    @Option(names = "--seed", paramLabel = "N", description = "Base seed of every random choice. Default: the run folder's, or 0.")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the CPU kernels. Default: all cores.")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    /** The settings given on top of the profile. */
    ProfileOverrides overrides() {
        return new ProfileOverrides(repeats, conditioning, gateMode, damLabel);
    }

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
