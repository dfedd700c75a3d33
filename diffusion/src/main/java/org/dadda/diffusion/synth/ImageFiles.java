package org.dadda.diffusion.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.AtomicFiles;

/**
 * The module's only image writer: tensors to 8-bit images and PNG files (written atomically),
 * and grids of images. Image tensors are {@code [C, H, W]} with C = 1 (grey) or 3 (RGB) and
 * values in [-1, 1]; masks are {@code [1, H, W]} in {0, 1}.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** An image tensor {@code [C, H, W]} in [-1, 1] as an 8-bit image. */
    public static BufferedImage toImage(Tensor chw) {
        return render(chw, 127.5, 127.5, "image");
    }

    /** A mask tensor {@code [1, H, W]} in {0, 1} as an 8-bit grey image (0 and 255). */
    public static BufferedImage toMaskImage(Tensor mask) {
        if (mask.dim() != 3 || mask.size(0) != 1) {
            throw new IllegalArgumentException("mask tensor must be [1, H, W], got " + Arrays.toString(mask.shape()));
        }
        return render(mask, 255, 0, "mask");
    }

    private static BufferedImage render(Tensor t, double scale, double shift, String what) {
        if (t.dim() != 3 || (t.size(0) != 1 && t.size(0) != 3)) {
            throw new IllegalArgumentException(what + " tensor must be [1 or 3, H, W], got " + Arrays.toString(t.shape()));
        }
        int c = t.size(0);
        int h = t.size(1);
        int w = t.size(2);
        float[] v = t.toArray();
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (c == 1) {
                    img.getRaster().setSample(x, y, 0, level(v[y * w + x], scale, shift));
                } else {
                    int r = level(v[y * w + x], scale, shift);
                    int g = level(v[h * w + y * w + x], scale, shift);
                    int b = level(v[2 * h * w + y * w + x], scale, shift);
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    private static int level(float v, double scale, double shift) {
        long l = Math.round(v * scale + shift);
        return (int) Math.max(0, Math.min(255, l));
    }

    /** Writes {@code img} as a PNG to {@code file} atomically, creating parent folders. */
    public static void writePng(Path file, BufferedImage img) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(file, ch -> {
            OutputStream out = Channels.newOutputStream(ch);
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException(file + ": no PNG writer available");
            }
            out.flush();
        });
    }

    /**
     * The tiles laid out row by row, {@code cols} per row, with {@code pad} pixels of
     * {@code background} between and around them; tiles may differ in type but not in size.
     */
    public static BufferedImage grid(List<BufferedImage> tiles, int cols, int pad, Color background) {
        if (tiles.isEmpty() || cols < 1 || pad < 0) {
            throw new IllegalArgumentException("grid: needs tiles, cols >= 1 and pad >= 0; got " + tiles.size() + " tiles, cols "
                    + cols + ", pad " + pad);
        }
        int tw = tiles.get(0).getWidth();
        int th = tiles.get(0).getHeight();
        for (BufferedImage t : tiles) {
            if (t.getWidth() != tw || t.getHeight() != th) {
                throw new IllegalArgumentException("grid: tiles of " + tw + "x" + th + " and " + t.getWidth() + "x" + t.getHeight());
            }
        }
        int rows = (tiles.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(pad + cols * (tw + pad), pad + rows * (th + pad), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < tiles.size(); i++) {
                g.drawImage(tiles.get(i), pad + (i % cols) * (tw + pad), pad + (i / cols) * (th + pad), null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The images of a batch {@code [N, C, H, W]} in [-1, 1]. */
    public static List<BufferedImage> images(Tensor batch) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < batch.size(0); i++) {
            out.add(toImage(batch.narrow(0, i, 1).reshape(batch.size(1), batch.size(2), batch.size(3))));
        }
        return out;
    }

    /**
     * A grid of image/mask pairs: for each sample its image then its mask, {@code pairsPerRow}
     * pairs per row. {@code images [N, C, H, W]} in [-1, 1], {@code masks [N, 1, H, W]} in {0, 1}.
     */
    public static BufferedImage pairGrid(Tensor images, Tensor masks, int pairsPerRow) {
        if (images.size(0) != masks.size(0)) {
            throw new IllegalArgumentException("pairGrid: " + images.size(0) + " images and " + masks.size(0) + " masks");
        }
        List<BufferedImage> tiles = new ArrayList<>();
        for (int i = 0; i < images.size(0); i++) {
            tiles.add(toImage(images.narrow(0, i, 1).reshape(images.size(1), images.size(2), images.size(3))));
            tiles.add(toMaskImage(masks.narrow(0, i, 1).reshape(1, masks.size(2), masks.size(3))));
        }
        return grid(tiles, 2 * pairsPerRow, 2, Color.DARK_GRAY);
    }
}
