package org.dadda.augment.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image and mask readers on arbitrary bytes: an image comes back, or an
 * {@link IllegalArgumentException} naming the file; nothing else (no other exception, no
 * out-of-memory from a small file that declares a huge image: {@link ImageFiles#MAX_PIXELS}), no
 * hang. Seeds ({@code ImageFilesFuzzTestInputs/read/}): PNG (RGB, gray, 16-bit, palette, alpha,
 * truncated, a 60000x60000 decompression bomb), JPEG (RGB, CMYK, EXIF-rotated), BMP, GIF, TIFF.
 */
class ImageFilesFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) throws IOException {
        Path file = Files.createTempFile("fuzz", ".img");
        try {
            Files.write(file, data);
            try {
                Image im = ImageFiles.read(file);
                if (im.channels() != 1 && im.channels() != 3 || (long) im.width() * im.height() > ImageFiles.MAX_PIXELS) {
                    throw new AssertionError("read " + im.shapeString());
                }
                Mask m = ImageFiles.readMask(file);
                if (m.width() != im.width() || m.height() != im.height()) {
                    throw new AssertionError("mask " + m.width() + "x" + m.height() + " of image " + im.shapeString());
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || !e.getMessage().contains(file.toString())) {
                    throw new AssertionError("error does not name the file: " + e, e);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
