package org.dadda.tensor.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void advance(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void rendersRateEtaAndStatus() {
        ProgressBar bar = ProgressBar.builder("epoch 3", 1000).out(out).interactive(false).clock(nanos::get)
                .barWidth(10).build();
        advance(12);
        bar.step(450);
        bar.status("loss", 0.123456);
        bar.status("lr", 1e-4f);
        bar.status("phase", "warmup");
        assertEquals("epoch 3  45%|####      | 450/1000 [00:12<00:14, 37.50 it/s] loss=0.1235 lr=0.0001000 phase=warmup",
                bar.render());
        advance(3600);
        assertTrue(bar.render().contains("[1:00:12<"), bar.render());
    }

    @Test
    void logModePrintsALineOnlyEveryInterval() {
        ProgressBar bar = ProgressBar.builder("train", 100).out(out).interactive(false).clock(nanos::get)
                .lineInterval(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 30; i++) {
            advance(1);
            bar.step();
        }
        bar.close();
        String[] lines = output().split("\n");
        // At 10 s, 20 s and 30 s; closing adds no copy of the line that already shows 30/100.
        assertEquals(3, lines.length, output());
        assertTrue(lines[0].contains(" 10/100 "), lines[0]);
        assertTrue(lines[2].contains(" 30/100 "), lines[2]);
        assertTrue(!output().contains("\r"));
    }

    @Test
    void logModeClosingDrawsTheFinalStateWhenItChangedSinceTheLastLine() {
        ProgressBar bar = ProgressBar.builder("train", 100).out(out).interactive(false).clock(nanos::get)
                .lineInterval(Duration.ofSeconds(10)).build();
        advance(10);
        bar.step(40);
        advance(1);
        bar.step(60);
        bar.close();
        String[] lines = output().split("\n");
        assertEquals(2, lines.length, output());
        assertTrue(lines[1].contains(" 100/100 "), lines[1]);
    }

    @Test
    void terminalModeRedrawsInPlace() {
        ProgressBar bar = ProgressBar.builder("x", 0).out(out).interactive(true).clock(nanos::get)
                .redrawInterval(Duration.ofMillis(100)).unit("img").build();
        bar.status("loss", "a-long-value");
        bar.step(); // first update is drawn at once
        bar.status("loss", "s");
        bar.step(); // within the interval: not drawn
        advance(0.2);
        bar.step();
        bar.close();
        bar.close();
        String text = output();
        assertEquals(3, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
        String[] frames = text.split("\r");
        assertTrue(frames[1].startsWith("x 1 [00:00, 0.00 img/s] loss=a-long-value"), frames[1]);
        assertTrue(frames[2].startsWith("x 3 [00:00, 15.00 img/s] loss=s "), "padded over the longer line: " + frames[2]);
        assertEquals(frames[1].length(), frames[2].length());
    }

    @Test
    void logModeNeverPrintsTheFinalLineTwice() {
        // Unthrottled, every step prints a line; closing must not add a copy of the last one.
        try (ProgressBar bar = ProgressBar.builder("dam crack", 4).out(out).interactive(false).clock(nanos::get)
                .lineInterval(Duration.ZERO).build()) {
            for (int i = 0; i < 4; i++) {
                advance(0.5);
                bar.step();
            }
            assertEquals(4, bar.done());
        }
        String[] lines = output().split("\n", -1);
        assertEquals(5, lines.length, output());
        assertEquals("", lines[4], "output ends with one newline");
        for (int i = 0; i < 4; i++) {
            assertTrue(lines[i].startsWith("dam crack "), lines[i]);
            assertTrue(lines[i].contains(" " + (i + 1) + "/4 ["), lines[i]);
        }
        assertTrue(lines[3].contains("100%|") && lines[3].contains(", 2.00 it/s]"), lines[3]);
    }

    @Test
    void renderShowsEtaWhileUnfinished() {
        ProgressBar bar = ProgressBar.builder("x", 10).out(out).interactive(false).clock(nanos::get).build();
        advance(5);
        bar.step(5);
        assertTrue(bar.render().contains(" 5/10 [00:05<00:05, 1.00 it/s]"), bar.render());
        assertThrows(IllegalArgumentException.class, () -> bar.step(-1));
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.builder("x", -1));
    }

    @Test
    void silentBarCountsStepsFromManyThreads() throws Exception {
        ProgressBar bar = ProgressBar.silent(4000);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    bar.step();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4000, bar.done());
        assertTrue(bar.render().contains(" 4000/4000 "), bar.render());
        bar.close();
    }
}
