package org.dadda.augment.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;

/**
 * The EXIF orientation of a JPEG (tag 0x0112: 1 = as stored, 2-8 = mirrored and/or rotated) and
 * its application to decoded pixels, so that images read as a viewer shows them, which is how
 * their masks were drawn.
 */
final class ExifOrientation {

    private static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final int APP1 = 0xE1;

    private ExifOrientation() {
    }

    /** The orientation recorded in the image's EXIF block, or 1 when there is none or it cannot be read. */
    static int of(ImageReader reader) {
        try {
            IIOMetadata meta = reader.getImageMetadata(0);
            if (meta == null || !java.util.Arrays.asList(meta.getMetadataFormatNames()).contains(JPEG_FORMAT)) {
                return 1;
            }
            Node root = meta.getAsTree(JPEG_FORMAT);
            int o = search(root);
            return o >= 1 && o <= 8 ? o : 1;
        } catch (Exception | LinkageError e) {
            // Broken metadata must not make an otherwise readable image unreadable.
            return 1;
        }
    }

    private static int search(Node n) {
        if (n instanceof IIOMetadataNode m && "unknown".equals(m.getNodeName())
            && String.valueOf(APP1).equals(m.getAttribute("MarkerTag")) && m.getUserObject() instanceof byte[] b) {
            int o = parse(b);
            if (o != 0) {
                return o;
            }
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            int o = search(c);
            if (o != 0) {
                return o;
            }
        }
        return 0;
    }

    /** Orientation from an APP1 payload ("Exif\0\0" + TIFF), or 0 when absent. */
    static int parse(byte[] app1) {
        if (app1.length < 14 || !new String(app1, 0, 4, StandardCharsets.US_ASCII).equals("Exif")) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(app1, 6, app1.length - 6).slice();
        if (b.get(0) == 'I' && b.get(1) == 'I') {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (b.get(0) == 'M' && b.get(1) == 'M') {
            b.order(ByteOrder.BIG_ENDIAN);
        } else {
            return 0;
        }
        int ifd = b.getInt(4);
        if (ifd < 8 || ifd + 2 > b.limit()) {
            return 0;
        }
        int entries = b.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            if (e + 12 > b.limit()) {
                return 0;
            }
            if ((b.getShort(e) & 0xFFFF) == 0x0112) {
                return b.getShort(e + 8) & 0xFFFF;
            }
        }
        return 0;
    }

    /** Whether the orientation swaps width and height (5 to 8). */
    static boolean transposes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The image as displayed for the given orientation (1 returns it unchanged). */
    static Image apply(Image s, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return s;
        }
        int h = s.height();
        int w = s.width();
        boolean t = transposes(orientation);
        int oh = t ? w : h;
        int ow = t ? h : w;
        float[] src = s.data();
        float[] out = new float[src.length];
        for (int c = 0; c < s.channels(); c++) {
            int sb = c * h * w;
            int ob = c * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int sy;
                    int sx;
                    switch (orientation) {
                        case 2 -> { sy = y; sx = w - 1 - x; }
                        case 3 -> { sy = h - 1 - y; sx = w - 1 - x; }
                        case 4 -> { sy = h - 1 - y; sx = x; }
                        case 5 -> { sy = x; sx = y; }
                        case 6 -> { sy = h - 1 - x; sx = y; }
                        case 7 -> { sy = h - 1 - x; sx = w - 1 - y; }
                        default -> { sy = x; sx = w - 1 - y; }
                    }
                    out[ob + y * ow + x] = src[sb + sy * w + sx];
                }
            }
        }
        return new Image(s.channels(), oh, ow, out);
    }
}
