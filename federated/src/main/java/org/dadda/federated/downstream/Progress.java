package org.dadda.federated.downstream;

import java.io.OutputStream;
import java.io.PrintStream;
import org.dadda.nn.train.ProgressBar;

/** Progress bars on standard error, or silent ones. */
public final class Progress {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private Progress() {
    }

    /** A bar of {@code total} steps on standard error when {@code show}, otherwise one that prints nothing. */
    public static ProgressBar bar(String label, long total, String unit, boolean show) {
        return ProgressBar.builder(label, total).unit(unit).out(show ? System.err : NOWHERE).build();
    }
}
