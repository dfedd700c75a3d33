package org.dadda.federated.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The diffusion trainers' loss logs ({@code loss.csv}, columns {@code step,loss,lr,grad_norm}, as
 * {@code DdpmTrainer} writes them through {@code LossLog}) as plotted curves. A diffusion loss is
 * an average over random timesteps and so is noisy step to step; the trailing moving average
 * shows whether it still falls, which is the first thing to check when the synthesized pairs look
 * wrong (an undertrained G_I or G_M).
 */
public final class LossCurves {
    /**
     * One log.
     *
     * @param file where it was read from
     * @param steps the step column
     * @param loss the loss column (NaN and infinities kept, as {@code LossLog} writes a diverged loss)
     */
    public record Curve(Path file, double[] steps, double[] loss) {
    }

    private LossCurves() {
    }

    /**
     * Reads a CSV loss log: a header with at least {@code step} and {@code loss}, then one record
     * per line. Blank lines are skipped.
     *
     * @throws IOException if the file cannot be read, or naming the file and line of a line with
     *     the wrong number of cells or a cell that is not a number
     */
    public static Curve read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IOException(csv + " line 1: no header (expected step,loss,...)");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
        int stepCol = header.indexOf("step");
        int lossCol = header.indexOf("loss");
        if (stepCol < 0 || lossCol < 0) {
            throw new IOException(csv + " line 1: header " + header + " lacks a 'step' or 'loss' column");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            String[] cells = l.split(",", -1);
            if (cells.length != header.size()) {
                throw new IOException(csv + " line " + (i + 1) + ": " + cells.length + " cells, the header has "
                        + header.size() + ": " + l);
            }
            rows.add(new double[] {number(cells[stepCol], csv, i + 1, "step"), number(cells[lossCol], csv, i + 1, "loss")});
        }
        double[] steps = new double[rows.size()];
        double[] loss = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            steps[i] = rows.get(i)[0];
            loss[i] = rows.get(i)[1];
        }
        return new Curve(csv, steps, loss);
    }

    private static double number(String cell, Path file, int line, String column) throws IOException {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + line + ": " + column + " '" + cell + "' is not a number", e);
        }
    }

    /**
     * The trailing mean over the last {@code window} finite values at each point (NaN where none
     * is finite), so a single diverged step does not erase the curve.
     */
    public static double[] movingAverage(double[] y, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("moving-average window must be >= 1, got " + window);
        }
        double[] out = new double[y.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                sum += y[i];
                count++;
            }
            int drop = i - window;
            if (drop >= 0 && Double.isFinite(y[drop])) {
                sum -= y[drop];
                count--;
            }
            out[i] = count == 0 ? Double.NaN : sum / count;
        }
        return out;
    }

}
