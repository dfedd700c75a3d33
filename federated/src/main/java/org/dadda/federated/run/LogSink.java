package org.dadda.federated.run;

import java.util.function.Consumer;

/**
 * The library's log lines as a {@link System.Logger}: classes that take a {@code Consumer<String>}
 * log sink default to this, so a host service decides where dadda's messages go by configuring
 * its logging (the {@code dadda} command prints them on stderr, beside its progress bars).
 */
public final class LogSink {
    private LogSink() {
    }

    /** Lines logged at INFO to the {@link System.Logger} named after {@code owner}'s class. */
    public static Consumer<String> of(Class<?> owner) {
        System.Logger logger = System.getLogger(owner.getName());
        return line -> logger.log(System.Logger.Level.INFO, line);
    }
}
