package org.dadda.federated.privacy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;

/**
 * SHA-256 content digests of images and masks, so that a manifest can bind each entry of an
 * upload to exactly the pixels it describes.
 */
public final class Digests {
    private Digests() {
    }

    /** A fresh SHA-256 digest (always present on a Java platform). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * Digest of an image's shape and its pixels quantised to 8 bits, which is what survives a
     * round trip through an 8-bit PNG: the same digest before sending and after receiving.
     */
    public static String of(Image image) {
        MessageDigest md = sha256();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(image.channels()).putInt(image.height()).putInt(image.width());
        md.update(head.array());
        float[] d = image.data();
        byte[] q = new byte[d.length];
        for (int i = 0; i < d.length; i++) {
            q[i] = (byte) ImageFiles.to8bit(d[i]);
        }
        md.update(q);
        return HexFormat.of().formatHex(md.digest());
    }

    /** Digest of a mask's size and bits. */
    public static String of(Mask mask) {
        MessageDigest md = sha256();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(mask.height()).putInt(mask.width());
        md.update(head.array());
        boolean[] b = mask.bits();
        byte[] q = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            q[i] = (byte) (b[i] ? 1 : 0);
        }
        md.update(q);
        return HexFormat.of().formatHex(md.digest());
    }
}
