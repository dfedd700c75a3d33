package org.dadda.augment.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.dadda.tensor.util.AtomicFiles;

/**
 * Reads and writes images through {@code javax.imageio}: PNG (8 and 16 bit, gray, RGB, palette,
 * with or without alpha), JPEG (baseline and progressive, with EXIF), BMP, TIFF and GIF.
 *
 * <p>Sample values are taken from the raster as stored in the file (no colour management for
 * gray and sRGB data, so a gray JPEG reads the same as PIL or scikit-image read it) and scaled
 * to {@code [0, 1]}; alpha is dropped. Other colour spaces go through Java 2D's conversion to sRGB.
 * A JPEG's EXIF orientation is applied, so that an image reads as viewers show it (and as its
 * mask was drawn).
 */
public final class ImageFiles {

    /** The value a mask pixel must reach, on the 0-255 scale, to count as defective. */
    public static final int MASK_THRESHOLD_8BIT = 128;

    /**
     * The largest image read, in pixels (100 megapixels: above any inspection camera's frame, and
     * at most 1.2 GB as float RGB); larger declared sizes are refused before decoding.
     */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageFiles() {
    }

    /**
     * Reads an image with one (gray) or three (RGB) channels.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a readable image
     */
    public static Image read(Path file) {
        return withReader(file, reader -> {
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                // Checked from the header before decoding: a small file can declare a huge image.
                throw notReadable(file, "declares " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, more than the limit of "
                        + MAX_PIXELS + " (" + MAX_PIXELS / 1_000_000 + " megapixels)");
            }
            BufferedImage bi = reader.read(0);
            return ExifOrientation.apply(fromBufferedImage(bi), ExifOrientation.of(reader));
        });
    }

    /** Reads an image as RGB, replicating a gray image into three channels. */
    public static Image readRgb(Path file) {
        return read(file).toRgb();
    }

    /**
     * Reads a mask: a pixel is set when its gray value (the luma of an RGB mask) is at least
     * {@value #MASK_THRESHOLD_8BIT} on the 0-255 scale. A mask whose brightest value lies below
     * that (masks stored as 0 and 1, or faint ones) is thresholded at half its brightest value
     * instead, so that it does not read as empty.
     */
    public static Mask readMask(Path file) {
        Image gray = read(file).toGray();
        float threshold = (MASK_THRESHOLD_8BIT - 0.5f) / 255f;
        float max = 0;
        for (float v : gray.data()) {
            max = Math.max(max, v);
        }
        if (max > 0 && max < threshold) {
            threshold = max / 2;
        }
        return Mask.threshold(gray, threshold);
    }

    /**
     * Width and height of an image file from its header, without decoding the pixels.
     *
     * @return {@code {width, height}}
     * @throws IllegalArgumentException naming the file when no reader recognises it
     */
    public static int[] size(Path file) {
        return withReader(file, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            return ExifOrientation.transposes(ExifOrientation.of(reader)) ? new int[] {h, w} : new int[] {w, h};
        });
    }

    /** Work done with an image reader positioned on a file; may throw {@link IOException}. */
    @FunctionalInterface
    private interface ReaderTask<T> {
        T run(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderTask<T> task) {
        requireFile(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw notReadable(file, "cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw notReadable(file, "no image reader recognises its format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                return task.run(reader);
            } finally {
                reader.dispose();
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                throw e;
            }
            throw notReadable(file, e.toString());
        } catch (IOException | RuntimeException e) {
            throw notReadable(file, e.toString());
        }
    }

    /** Writes an image as an 8-bit PNG (gray or RGB), atomically; values are clamped to {@code [0, 1]}. */
    public static void writePng(Image image, Path file) {
        writePng(toBufferedImage(image), file);
    }

    /** Writes a mask as an 8-bit gray PNG of 0 and 255, atomically. */
    public static void writePng(Mask mask, Path file) {
        writePng(mask.toImage(), file);
    }

    /** Converts an image to an 8-bit {@link BufferedImage} (gray or 3-byte BGR). */
    public static BufferedImage toBufferedImage(Image image) {
        int w = image.width();
        int h = image.height();
        int n = w * h;
        float[] d = image.data();
        BufferedImage bi = new BufferedImage(w, h, image.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = bi.getRaster();
        int[] row = new int[w];
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int base = c * n + y * w;
                for (int x = 0; x < w; x++) {
                    row[x] = to8bit(d[base + x]);
                }
                r.setSamples(0, y, w, 1, c, row);
            }
        }
        return bi;
    }

    /** Converts a decoded {@link BufferedImage} to an {@link Image} in {@code [0, 1]}. */
    public static Image fromBufferedImage(BufferedImage bi) {
        ColorModel cm = bi.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        boolean plain = cm instanceof ComponentColorModel || cm instanceof DirectColorModel;
        if (plain && cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
            return fromRaster(bi.getRaster(), cm, 1);
        }
        if (plain && cs.isCS_sRGB() && cm.getNumColorComponents() == 3) {
            return fromRaster(bi.getRaster(), cm, 3);
        }
        return fromArgb(bi, cm instanceof IndexColorModel icm && isGrayPalette(icm));
    }

    /** Rounds a {@code [0, 1]} value to 0-255, clamping outside values. */
    public static int to8bit(float v) {
        int q = (int) (v * 255f + 0.5f);
        return q < 0 ? 0 : (q > 255 ? 255 : q);
    }

    private static Image fromRaster(Raster r, ColorModel cm, int channels) {
        int w = r.getWidth();
        int h = r.getHeight();
        int n = w * h;
        float[] out = new float[channels * n];
        int[] row = new int[w];
        for (int c = 0; c < channels; c++) {
            float scale = 1f / ((1 << cm.getComponentSize(c)) - 1);
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, c, row);
                int base = c * n + y * w;
                for (int x = 0; x < w; x++) {
                    out[base + x] = row[x] * scale;
                }
            }
        }
        return new Image(channels, h, w, out);
    }

    private static Image fromArgb(BufferedImage bi, boolean gray) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        int n = w * h;
        int channels = gray ? 1 : 3;
        float[] out = new float[channels * n];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            bi.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int i = y * w + x;
                if (gray) {
                    out[i] = (p & 0xFF) / 255f;
                } else {
                    out[i] = ((p >> 16) & 0xFF) / 255f;
                    out[n + i] = ((p >> 8) & 0xFF) / 255f;
                    out[2 * n + i] = (p & 0xFF) / 255f;
                }
            }
        }
        return new Image(channels, h, w, out);
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int r = icm.getRed(i);
            if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("image file not found: " + file);
        }
    }

    private static IllegalArgumentException notReadable(Path file, String why) {
        return new IllegalArgumentException("not a readable image: " + file + " (" + why + ")");
    }

    /**
     * Writes a {@link BufferedImage} as PNG, atomically. The encoder writes through an in-memory
     * stream: ImageIO's default stream would spill to a temporary file for every image.
     */
    public static void writePng(BufferedImage bi, Path file) {
        try {
            AtomicFiles.writeStream(file, out -> {
                Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
                if (!writers.hasNext()) {
                    throw new IOException("no PNG writer available");
                }
                ImageWriter writer = writers.next();
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(bi);
                } finally {
                    writer.dispose();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
