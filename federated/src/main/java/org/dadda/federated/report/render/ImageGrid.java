package org.dadda.federated.report.render;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;

/**
 * A grid of labelled images written as PNG (the report's sample grids and the Fig. 7 style
 * prediction grid). Small images are enlarged by pixel repetition so that a 32x32 sample stays
 * legible; masks are drawn white on black.
 */
public final class ImageGrid {
    private record Cell(Image image, String caption, Color frame) {
    }

    private final String title;
    private final int cellSize;
    private final List<String> rowLabels = new ArrayList<>();
    private final List<List<Cell>> rows = new ArrayList<>();

    /** A grid titled {@code title} whose cells are {@code cellSize} pixels square. */
    public ImageGrid(String title, int cellSize) {
        if (cellSize < 8) {
            throw new IllegalArgumentException("grid cell size must be >= 8 pixels, got " + cellSize);
        }
        this.title = title;
        this.cellSize = cellSize;
    }

    /** Starts a new row labelled {@code label}; returns this. */
    public ImageGrid row(String label) {
        rowLabels.add(label);
        rows.add(new ArrayList<>());
        return this;
    }

    /** Adds an image with a caption to the current row. */
    public ImageGrid add(Image image, String caption) {
        return add(image, caption, null);
    }

    /** Adds an image with a caption and a coloured frame (e.g. green right, red wrong). */
    public ImageGrid add(Image image, String caption, Color frame) {
        if (rows.isEmpty()) {
            row("");
        }
        rows.get(rows.size() - 1).add(new Cell(image, caption, frame));
        return this;
    }

    /** Adds a mask (white = defect) with a caption to the current row. */
    public ImageGrid add(Mask mask, String caption) {
        return add(mask.toImage(), caption, null);
    }

    /** Number of rows. */
    public int rowCount() {
        return rows.size();
    }

    /** Writes the grid to {@code file} as PNG. */
    public void writePng(Path file) {
        int labelWidth = 0;
        for (String l : rowLabels) {
            labelWidth = Math.max(labelWidth, l.isEmpty() ? 0 : 7 * l.length() + 12);
        }
        int cols = 1;
        for (List<Cell> r : rows) {
            cols = Math.max(cols, r.size());
        }
        int pad = 6;
        int captionH = 14;
        int top = title.isEmpty() ? pad : 24;
        int w = labelWidth + cols * (cellSize + pad) + pad;
        int h = top + rows.size() * (cellSize + captionH + pad) + pad;
        Canvas c = new Canvas(w, h);
        c.text(title, w / 2, 17, 13, 0, Color.BLACK);
        for (int ri = 0; ri < rows.size(); ri++) {
            int y = top + ri * (cellSize + captionH + pad);
            c.text(rowLabels.get(ri), 4, y + cellSize / 2 + 4, 11, -1, Color.BLACK);
            List<Cell> r = rows.get(ri);
            for (int ci = 0; ci < r.size(); ci++) {
                int x = labelWidth + pad + ci * (cellSize + pad);
                Cell cell = r.get(ci);
                c.g.drawImage(ImageFiles.toBufferedImage(cell.image()), x, y, cellSize, cellSize, null);
                // A hairline outline, so that a white cell (a mask covering the whole image) does not vanish into the page.
                c.g.setColor(Color.GRAY);
                c.g.setStroke(new java.awt.BasicStroke(1f));
                c.g.drawRect(x - 1, y - 1, cellSize + 1, cellSize + 1);
                if (cell.frame() != null) {
                    c.g.setColor(cell.frame());
                    c.g.setStroke(new java.awt.BasicStroke(3f));
                    c.g.drawRect(x + 1, y + 1, cellSize - 3, cellSize - 3);
                }
                c.text(cell.caption(), x + cellSize / 2, y + cellSize + 11, 10, 0, Color.BLACK);
            }
        }
        c.writePng(file);
    }
}
