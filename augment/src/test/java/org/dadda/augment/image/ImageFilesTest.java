package org.dadda.augment.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    private static Image gradient(int channels, int h, int w) {
        Image im = Image.zeros(channels, h, w);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    im.set(c, y, x, ((x * 7 + y * 13 + c * 50) % 256) / 255f);
                }
            }
        }
        return im;
    }

    @Test
    void pngRoundTripIsExactFor8BitValues() {
        for (int ch : new int[] {1, 3}) {
            Image im = gradient(ch, 9, 14);
            Path p = dir.resolve("g" + ch + ".png");
            ImageFiles.writePng(im, p);
            Image back = ImageFiles.read(p);
            assertEquals(ch, back.channels());
            assertArrayEquals(im.data(), back.data(), 1e-7f);
            assertEquals(3, ImageFiles.readRgb(p).channels());
            assertArrayEquals(new int[] {14, 9}, ImageFiles.size(p));
        }
    }

    @Test
    void readsBmpTiffJpegGrayAndPalette() throws IOException {
        Image im = gradient(3, 16, 12);
        BufferedImage bi = ImageFiles.toBufferedImage(im);
        for (String fmt : new String[] {"bmp", "tiff"}) {
            Path p = dir.resolve("x." + fmt);
            assertTrue(ImageIO.write(bi, fmt, p.toFile()), fmt + " writer");
            assertArrayEquals(im.data(), ImageFiles.read(p).data(), 1e-7f, fmt);
        }
        Path jpg = dir.resolve("x.jpg");
        ImageIO.write(bi, "jpg", jpg.toFile());
        Image j = ImageFiles.read(jpg);
        assertEquals(3, j.channels());
        BufferedImage gray = ImageFiles.toBufferedImage(gradient(1, 16, 12));
        Path gj = dir.resolve("g.jpg");
        ImageIO.write(gray, "jpg", gj.toFile());
        assertEquals(1, ImageFiles.read(gj).channels());
        assertEquals(3, ImageFiles.readRgb(gj).channels());

        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, (byte) 128};
        BufferedImage pal = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
        pal.getRaster().setSample(1, 1, 0, 1);
        Path pp = dir.resolve("pal.png");
        ImageIO.write(pal, "png", pp.toFile());
        Image pi = ImageFiles.read(pp);
        assertEquals(3, pi.channels());
        assertEquals(1f, pi.get(0, 1, 1));
        assertEquals(128 / 255f, pi.get(2, 1, 1), 1e-7f);
        assertEquals(0f, pi.get(0, 0, 0));
    }

    @Test
    void reads16BitGrayPng() throws IOException {
        BufferedImage bi = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        bi.getRaster().setSample(2, 1, 0, 65535);
        bi.getRaster().setSample(1, 0, 0, 32768);
        Path p = dir.resolve("g16.png");
        ImageIO.write(bi, "png", p.toFile());
        Image im = ImageFiles.read(p);
        assertEquals(1, im.channels());
        assertEquals(1f, im.get(0, 1, 2), 1e-7f);
        assertEquals(32768 / 65535f, im.get(0, 0, 1), 1e-7f);
    }

    @Test
    void masksAreBinarisedAt128() {
        Image im = Image.zeros(1, 1, 4);
        im.data()[0] = 127 / 255f;
        im.data()[1] = 128 / 255f;
        im.data()[2] = 1f;
        Path p = dir.resolve("m.png");
        ImageFiles.writePng(im, p);
        Mask m = ImageFiles.readMask(p);
        assertFalse(m.get(0, 0));
        assertTrue(m.get(0, 1));
        assertTrue(m.get(0, 2));
        assertFalse(m.get(0, 3));
    }

    @Test
    void unreadableFilesAreNamedInTheError() throws IOException {
        Path bad = dir.resolve("broken.png");
        Files.writeString(bad, "not an image");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(bad));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.size(bad));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("missing.png"), e.getMessage());
    }

    @Test
    void readsTheRealProgressiveExifJpegs() {
        Path root = Path.of("..", "..", "shared", "data", "hazelnut_toy");
        Assumptions.assumeTrue(Files.isDirectory(root), "hazelnut_toy not present");
        Image im = ImageFiles.read(root.resolve("train/good/01.jpg"));
        assertEquals(3, im.channels());
        assertEquals(522, im.height());
        assertEquals(512, im.width());
        assertArrayEquals(new int[] {512, 522}, ImageFiles.size(root.resolve("train/good/01.jpg")));
        Mask m = ImageFiles.readMask(root.resolve("ground_truth/colour/00_mask.png"));
        assertTrue(m.count() > 0);
    }
}
