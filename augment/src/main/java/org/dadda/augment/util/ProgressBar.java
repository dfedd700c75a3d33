package org.dadda.augment.util;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe text progress bar with rate and time left, for long loops such as generating
 * hundreds of DAM samples. Output is throttled (at most one update per {@code minIntervalMillis});
 * on a terminal the line is redrawn in place, elsewhere (logs, pipes) a new line is printed per update.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean inPlace;
    private final long minIntervalNanos;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private long lastPrintNanos;
    private boolean closed;

    /**
     * @param label text before the bar
     * @param total number of steps expected
     * @param out where to print, or null for a silent bar
     * @param inPlace redraw one line with carriage returns (true on a terminal)
     * @param minIntervalMillis least time between two updates
     */
    public ProgressBar(String label, long total, PrintStream out, boolean inPlace, long minIntervalMillis) {
        if (total < 0) {
            throw new IllegalArgumentException("progress total must be >= 0, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.inPlace = inPlace;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        this.startNanos = System.nanoTime();
        this.lastPrintNanos = startNanos;
    }

    /** A bar on standard error, redrawn in place when a console is attached, updated at most every 200 ms. */
    public static ProgressBar stderr(String label, long total) {
        boolean console = System.console() != null;
        return new ProgressBar(label, total, System.err, console, console ? 200 : 5000);
    }

    /** A bar that prints nothing. */
    public static ProgressBar silent(long total) {
        return new ProgressBar("", total, null, false, 0);
    }

    /** Records one finished step. */
    public void step() {
        long d = done.incrementAndGet();
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (!closed && (now - lastPrintNanos >= minIntervalNanos || d == total)) {
                lastPrintNanos = now;
                print(d, now);
            }
        }
    }

    /** Steps recorded so far. */
    public long done() {
        return done.get();
    }

    /** Prints the final state and ends the line. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null) {
            print(done.get(), System.nanoTime());
            if (inPlace) {
                out.println();
            }
            out.flush();
        }
    }

    /** The text of one update, for example {@code "dam crack [#####-----] 50/100 12.5/s ETA 0:04"}. */
    public String line(long d, long nowNanos) {
        double secs = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        double rate = d / secs;
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * d / total);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String eta = rate > 0 && d < total ? clock((total - d) / rate) : (d >= total ? "done" : "?");
        return String.format("%s [%s] %d/%d %.1f/s ETA %s elapsed %s", label, bar, d, total, rate, eta, clock(secs));
    }

    private void print(long d, long now) {
        String s = line(d, now);
        if (inPlace) {
            out.print("\r" + s);
        } else {
            out.println(s);
        }
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
