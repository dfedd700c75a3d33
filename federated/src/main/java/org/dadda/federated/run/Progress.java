package org.dadda.federated.run;

import org.dadda.tensor.util.ProgressBar;

/** Progress bars on standard error, or silent ones. */
public final class Progress {
    private Progress() {
    }

    /** A bar of {@code total} steps on standard error when {@code show}, otherwise one that prints nothing. */
    public static ProgressBar bar(String label, long total, String unit, boolean show) {
        return show ? ProgressBar.builder(label, total).unit(unit).build() : ProgressBar.silent(total);
    }
}
