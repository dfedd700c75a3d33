package org.dadda.federated.report.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart written as PNG: the report's ROC and precision-recall curves and training curves.
 * Axis ranges are fixed (for unit-square curves) or taken from the data.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private record Series(String name, double[] x, double[] y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private double[] range;
    private boolean diagonal;

    /** A chart with a title and axis labels. */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a curve; {@code x} and {@code y} must have the same length. */
    public LinePlot series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Fixes both axes to {@code [0, 1]} (ROC, PR). */
    public LinePlot unitSquare() {
        range = new double[] {0, 1, 0, 1};
        return this;
    }

    /** Draws the chance line {@code y = x}. */
    public LinePlot diagonal() {
        diagonal = true;
        return this;
    }

    /** Renders the chart to {@code file} ({@code width x height} pixels). */
    public void writePng(Path file, int width, int height) {
        render(width, height).writePng(file);
    }

    /** Renders the chart to PNG bytes. */
    public byte[] png(int width, int height) {
        return render(width, height).png();
    }

    private Canvas render(int width, int height) {
        double[] r = range != null ? range : dataRange();
        Canvas c = new Canvas(width, height);
        int left = 56;
        int right = width - 12;
        int top = 28;
        int bottom = height - 40;
        c.text(title, width / 2, 18, 13, 0, Color.BLACK);
        c.g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int gx = left + (right - left) * i / 4;
            int gy = bottom - (bottom - top) * i / 4;
            c.g.drawLine(gx, top, gx, bottom);
            c.g.drawLine(left, gy, right, gy);
            c.text(fmt(r[0] + (r[1] - r[0]) * i / 4), gx, bottom + 14, 10, 0, Color.DARK_GRAY);
            c.text(fmt(r[2] + (r[3] - r[2]) * i / 4), left - 4, gy + 4, 10, 1, Color.DARK_GRAY);
        }
        c.g.setColor(Color.BLACK);
        c.g.drawRect(left, top, right - left, bottom - top);
        c.text(xLabel, (left + right) / 2, height - 8, 11, 0, Color.BLACK);
        c.text(yLabel, 4, top - 8, 11, -1, Color.BLACK);
        if (diagonal) {
            c.g.setColor(Color.GRAY);
            c.g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
            c.g.drawLine(px(r[0], r, left, right), py(r[2], r, top, bottom), px(r[1], r, left, right), py(r[3], r, top, bottom));
        }
        c.g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            Series sr = series.get(s);
            Color col = PALETTE[s % PALETTE.length];
            c.g.setColor(col);
            for (int i = 1; i < sr.x().length; i++) {
                c.g.drawLine(px(sr.x()[i - 1], r, left, right), pyClamped(sr.y()[i - 1], r, top, bottom),
                        px(sr.x()[i], r, left, right), pyClamped(sr.y()[i], r, top, bottom));
            }
            if (sr.x().length == 1) {
                c.g.fillOval(px(sr.x()[0], r, left, right) - 3, pyClamped(sr.y()[0], r, top, bottom) - 3, 6, 6);
            }
            int ly = top + 14 + 14 * s;
            c.g.fillRect(right - 150, ly - 8, 14, 4);
            c.text(sr.name(), right - 132, ly - 2, 10, -1, Color.BLACK);
        }
        return c;
    }

    private double[] dataRange() {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (!(x0 <= x1)) {
            return new double[] {0, 1, 0, 1};
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + 1;
        }
        return new double[] {x0, x1, y0, y1};
    }

    private static int px(double x, double[] r, int left, int right) {
        return (int) Math.round(left + (x - r[0]) / (r[1] - r[0]) * (right - left));
    }

    private static int py(double y, double[] r, int top, int bottom) {
        return (int) Math.round(bottom - (y - r[2]) / (r[3] - r[2]) * (bottom - top));
    }

    private static int pyClamped(double y, double[] r, int top, int bottom) {
        return Math.max(top, Math.min(bottom, py(Double.isFinite(y) ? y : r[2], r, top, bottom)));
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 10000)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : "%.2f", v);
    }
}
