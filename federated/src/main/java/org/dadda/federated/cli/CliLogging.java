package org.dadda.federated.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the library's {@link System.Logger} messages go when dadda runs as a command: one plain
 * line per message on stderr, beside the progress bars, as the command printed before it logged.
 * A host that embeds dadda configures its own logging instead; this class is for the CLI alone.
 */
final class CliLogging {
    /**
     * Held for the life of the process: java.util.logging keeps loggers only weakly, so a
     * configured logger nobody references can be collected, and its handler with it (log lines
     * then fall back to the JDK's two-line default format).
     */
    private static final Logger DADDA = Logger.getLogger("org.dadda");

    private CliLogging() {
    }

    /** Routes {@code org.dadda} loggers (through java.util.logging, the JDK's System.Logger backend) to stderr, message only. */
    static void install() {
        Logger dadda = DADDA;
        dadda.setUseParentHandlers(false);
        dadda.setLevel(Level.INFO);
        for (Handler h : dadda.getHandlers()) {
            dadda.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(Level.ALL);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String level = r.getLevel().intValue() >= Level.WARNING.intValue() ? r.getLevel().getName().toLowerCase() + ": " : "";
                return level + formatMessage(r) + System.lineSeparator();
            }
        });
        dadda.addHandler(h);
    }
}
