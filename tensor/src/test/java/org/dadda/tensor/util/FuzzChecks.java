package org.dadda.tensor.util;

/** What a reader's error must say under fuzzing: the name of what it read. */
public final class FuzzChecks {
    private FuzzChecks() {
    }

    /** Fails (the fuzzer reports it) unless {@code e}'s message names {@code source}. */
    public static void names(Throwable e, String source) {
        if (e.getMessage() == null || !e.getMessage().contains(source)) {
            throw new AssertionError("error does not name " + source + ": " + e, e);
        }
    }
}
