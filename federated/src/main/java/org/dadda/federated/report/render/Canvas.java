package org.dadda.federated.report.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dadda.federated.run.Files2;

/**
 * A white RGB drawing surface for the report's figures. Text goes through {@link #text}, which
 * quietly stops drawing labels on a headless machine that has no fonts, so a figure is still
 * written (without its labels) instead of failing the run.
 */
final class Canvas {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    final BufferedImage image;
    final Graphics2D g;
    private boolean fontsWork = true;

    Canvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setStroke(new BasicStroke(1f));
    }

    /** Draws {@code s} with its baseline at {@code (x, y)}; {@code align} -1 left, 0 centre, 1 right. */
    void text(String s, int x, int y, int size, int align, Color c) {
        if (!fontsWork) {
            return;
        }
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            g.setColor(c);
            int w = g.getFontMetrics().stringWidth(s);
            int dx = align < 0 ? 0 : (align == 0 ? -w / 2 : -w);
            g.drawString(s, x + dx, y);
        } catch (Throwable e) {
            // A JRE without fonts throws from the font manager; figures are still useful without text.
            fontsWork = false;
        }
    }

    /** Encodes the canvas as PNG bytes. */
    byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the canvas as a PNG file, atomically. */
    void writePng(Path file) {
        g.dispose();
        Files2.writeBytes(file, png());
    }
}
