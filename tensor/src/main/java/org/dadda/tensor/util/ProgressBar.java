package org.dadda.tensor.util;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A text progress bar for long loops: done/total, percentage, rate, elapsed time, ETA and any
 * {@code key=value} status (loss, learning rate), written to a stream (stderr by default).
 *
 * <p>On a terminal it redraws one line in place ({@code \r}), at most once per redraw interval
 * (100 ms by default). When the output is not a terminal (a log file, CI) it prints a full line at
 * most once per line interval (10 s by default), so logs stay short. Both modes print the final
 * state on {@link #close()}, a log only when its last line does not show it already. The rate is the average since the bar started. Methods are
 * synchronized, so a bar may be updated from several threads.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.builder("epoch 3", batches).build()) {
 *     for (...) { ...; bar.status("loss", loss); bar.step(); }
 * }
 * }</pre>
 * gives lines such as {@code epoch 3  45%|#############                | 450/1000 [00:12<00:15, 37.50 it/s] loss=0.1234}.
 */
public final class ProgressBar implements AutoCloseable {

    /** Where a silent bar writes: nothing is ever drawn to it. */
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final int barWidth;
    private final String unit;
    private final long start;
    private final Map<String, String> status = new LinkedHashMap<>();
    private long done;
    private long lastDraw;
    private boolean drawnOnce;
    private long drawnDone = -1;
    private Map<String, String> drawnStatus = Map.of();
    private int lastLength;
    private boolean closed;

    private ProgressBar(Builder b) {
        this.label = b.label;
        this.total = b.total;
        this.out = b.out;
        this.interactive = b.interactive;
        this.intervalNanos = (interactive ? b.redrawInterval : b.lineInterval).toNanos();
        this.clock = b.clock;
        this.barWidth = b.barWidth;
        this.unit = b.unit;
        this.start = clock.getAsLong();
        this.lastDraw = start;
    }

    /**
     * Starts configuring a bar.
     *
     * @param label text in front of the bar
     * @param total the number of steps, or 0 when unknown (no percentage or ETA)
     * @return a builder
     */
    public static Builder builder(String label, long total) {
        return new Builder(label, total);
    }

    /**
     * A bar that counts steps but prints nothing, for callers whose progress display is turned off.
     *
     * @param total the number of steps, or 0 when unknown
     * @return a silent bar
     */
    public static ProgressBar silent(long total) {
        return builder("", total).out(DISCARD).interactive(false).build();
    }

    /** Advances by one step. */
    public void step() {
        step(1);
    }

    /**
     * Advances by {@code n} steps and redraws if the interval has passed.
     *
     * @param n steps done, {@code >= 0}
     */
    public synchronized void step(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + n);
        }
        done += n;
        maybeDraw();
    }

    /**
     * Sets a status value shown after the bar, replacing the previous value of that key; it is
     * shown at the next redraw. Floating-point values are shown with 4 significant digits.
     *
     * @param key the name, such as {@code "loss"}
     * @param value the value
     */
    public synchronized void status(String key, Object value) {
        status.put(key, format(value));
    }

    /** Steps done so far. */
    public synchronized long done() {
        return done;
    }

    /** The current line, as it would be drawn now. */
    public synchronized String render() {
        long now = clock.getAsLong();
        double seconds = Math.max(0, now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(label);
        if (total > 0) {
            long shown = Math.min(done, total);
            int filled = (int) (barWidth * shown / total);
            line.append(String.format(Locale.ROOT, " %3d%%|", 100 * shown / total))
                    .append("#".repeat(filled)).append(" ".repeat(barWidth - filled)).append("| ")
                    .append(done).append('/').append(total).append(" [").append(clock(seconds));
            if (rate > 0 && done < total) {
                line.append('<').append(clock((total - done) / rate));
            }
        } else {
            line.append(' ').append(done).append(" [").append(clock(seconds));
        }
        line.append(String.format(Locale.ROOT, ", %.2f %s/s]", rate, unit));
        for (Map.Entry<String, String> e : status.entrySet()) {
            line.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        return line.toString();
    }

    /** Draws the final state and ends the line. Further calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out == DISCARD) {
            return;
        }
        // A log that already shows the final count and status gets no second, identical line.
        if (interactive || !drawnOnce || done != drawnDone || !status.equals(drawnStatus)) {
            draw();
        }
        if (interactive) {
            out.print('\n');
        }
        out.flush();
    }

    private void maybeDraw() {
        if (closed || out == DISCARD) {
            return;
        }
        long now = clock.getAsLong();
        // A terminal shows the first update at once; a log waits a full interval.
        if (now - lastDraw >= intervalNanos || (interactive && !drawnOnce)) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        drawnOnce = true;
        drawnDone = done;
        drawnStatus = new LinkedHashMap<>(status);
        String line = render();
        if (interactive) {
            // Pad with spaces to erase the tail of a longer previous line.
            int pad = Math.max(0, lastLength - line.length());
            out.print('\r' + line + " ".repeat(pad));
            lastLength = line.length();
        } else {
            out.print(line + '\n');
        }
        out.flush();
    }

    private static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(d);
        }
        return String.valueOf(value);
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        long h = s / 3600;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** Configuration of a {@link ProgressBar}. */
    public static final class Builder {
        private final String label;
        private final long total;
        private PrintStream out = System.err;
        private boolean interactive = System.console() != null;
        private Duration redrawInterval = Duration.ofMillis(100);
        private Duration lineInterval = Duration.ofSeconds(10);
        private LongSupplier clock = System::nanoTime;
        private int barWidth = 30;
        private String unit = "it";

        private Builder(String label, long total) {
            if (label == null) {
                throw new IllegalArgumentException("label must not be null");
            }
            if (total < 0) {
                throw new IllegalArgumentException("total must be >= 0 (0 = unknown), got " + total);
            }
            this.label = label;
            this.total = total;
        }

        /**
         * Where to write (default {@code System.err}).
         *
         * @param out the stream
         * @return this builder
         */
        public Builder out(PrintStream out) {
            this.out = out;
            return this;
        }

        /**
         * Whether to redraw in place (default: whether the JVM has a console).
         *
         * @param interactive true for a terminal
         * @return this builder
         */
        public Builder interactive(boolean interactive) {
            this.interactive = interactive;
            return this;
        }

        /**
         * Least time between redraws on a terminal (default 100 ms).
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder redrawInterval(Duration interval) {
            this.redrawInterval = interval;
            return this;
        }

        /**
         * Least time between printed lines when not on a terminal (default 10 s).
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder lineInterval(Duration interval) {
            this.lineInterval = interval;
            return this;
        }

        /**
         * The time source in nanoseconds (default {@link System#nanoTime()}; tests pass a fake).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Characters of the bar itself (default 30).
         *
         * @param width the width, {@code >= 1}
         * @return this builder
         */
        public Builder barWidth(int width) {
            if (width < 1) {
                throw new IllegalArgumentException("bar width must be >= 1, got " + width);
            }
            this.barWidth = width;
            return this;
        }

        /**
         * The name of one step in the rate (default {@code "it"}).
         *
         * @param unit such as {@code "img"} or {@code "batch"}
         * @return this builder
         */
        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        /** Creates the bar; its clock starts now. */
        public ProgressBar build() {
            if (out == null || clock == null || redrawInterval == null || lineInterval == null || unit == null) {
                throw new IllegalArgumentException("progress bar settings must not be null");
            }
            return new ProgressBar(this);
        }
    }
}
