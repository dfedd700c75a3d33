package org.dadda.augment.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExifOrientationTest {

    @TempDir
    Path dir;

    /** A 2x3 (h x w) gray image with distinct values 0..5 at 40-step gray levels (survive JPEG roughly). */
    private static Image stored() {
        float[] d = new float[6];
        for (int i = 0; i < 6; i++) {
            d[i] = i * 40 / 255f;
        }
        return new Image(1, 2, 3, d);
    }

    @Test
    void everyOrientationMapsPixelsAsViewersShowThem() {
        Image s = stored();
        // stored:  0 1 2 / 3 4 5
        assertArrayEquals(values(new int[] {0, 1, 2, 3, 4, 5}), ExifOrientation.apply(s, 1).data());
        assertArrayEquals(values(new int[] {2, 1, 0, 5, 4, 3}), ExifOrientation.apply(s, 2).data());
        assertArrayEquals(values(new int[] {5, 4, 3, 2, 1, 0}), ExifOrientation.apply(s, 3).data());
        assertArrayEquals(values(new int[] {3, 4, 5, 0, 1, 2}), ExifOrientation.apply(s, 4).data());
        assertArrayEquals(values(new int[] {0, 3, 1, 4, 2, 5}), ExifOrientation.apply(s, 5).data());
        assertArrayEquals(values(new int[] {3, 0, 4, 1, 5, 2}), ExifOrientation.apply(s, 6).data(), "90 degrees clockwise");
        assertArrayEquals(values(new int[] {5, 2, 4, 1, 3, 0}), ExifOrientation.apply(s, 7).data());
        assertArrayEquals(values(new int[] {2, 5, 1, 4, 0, 3}), ExifOrientation.apply(s, 8).data(), "90 degrees counter-clockwise");
        assertEquals(3, ExifOrientation.apply(s, 6).height());
    }

    private static float[] values(int[] idx) {
        float[] f = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            f[i] = idx[i] * 40 / 255f;
        }
        return f;
    }

    @Test
    void jpegWithOrientationSixIsReadRotated() throws Exception {
        Image wide = Image.zeros(3, 16, 32);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 8; x++) {
                    wide.set(c, y, x, 1f); // white band on the stored image's left
                }
            }
        }
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(ImageFiles.toBufferedImage(wide), "jpg", jpg);
        Path p = dir.resolve("rot.jpg");
        Files.write(p, withExifOrientation(jpg.toByteArray(), 6));
        Image im = ImageFiles.read(p);
        assertEquals(32, im.height());
        assertEquals(16, im.width());
        assertArrayEquals(new int[] {16, 32}, ImageFiles.size(p));
        // Rotated clockwise, the stored left band becomes the top band.
        assertEquals(1f, im.get(0, 2, 8), 0.05f);
        assertEquals(0f, im.get(0, 28, 8), 0.05f);
    }

    /** Inserts an EXIF APP1 segment with the given orientation right after the JFIF APP0 segment. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        int app0Len = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
        int insertAt = 4 + app0Len;
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] payload = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, payload, 0, 6);
        System.arraycopy(tiff.array(), 0, payload, 6, tiff.capacity());
        int segLen = payload.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, insertAt);
        out.write(0xFF);
        out.write(0xE1);
        out.write(segLen >> 8);
        out.write(segLen & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }
}
