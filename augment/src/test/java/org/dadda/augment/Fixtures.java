package org.dadda.augment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.tensor.util.Json;

/** Reads the committed scikit-image fixtures (made by src/test/python/make_fixtures.py). */
public final class Fixtures {

    /** The fixture folder, relative to the module directory the tests run in. */
    public static final Path DIR = Path.of("src", "test", "resources", "fixtures");

    private static Map<String, Object> reference;

    private Fixtures() {
    }

    /** The parsed reference.json. */
    public static synchronized Map<String, Object> reference() {
        if (reference == null) {
            try {
                Path p = DIR.resolve("reference.json");
                reference = Json.object(Json.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString()), p.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    /** A fixture image. */
    public static Image image(String name) {
        return ImageFiles.read(DIR.resolve(name));
    }

    /** A raw little-endian float32 fixture. */
    public static float[] f32(String name) {
        ByteBuffer b = bytes(name);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** A raw little-endian uint16 fixture. */
    public static int[] u16(String name) {
        ByteBuffer b = bytes(name);
        int[] out = new int[b.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort(2 * i) & 0xFFFF;
        }
        return out;
    }

    private static ByteBuffer bytes(String name) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(DIR.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adjusted Rand index of two labelings of the same pixels (Hubert and Arabie). */
    public static double adjustedRandIndex(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labelings differ in length");
        }
        Map<Long, long[]> cells = new java.util.HashMap<>();
        Map<Integer, long[]> rows = new java.util.HashMap<>();
        Map<Integer, long[]> cols = new java.util.HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.computeIfAbsent(((long) a[i] << 32) | (b[i] & 0xFFFFFFFFL), k -> new long[1])[0]++;
            rows.computeIfAbsent(a[i], k -> new long[1])[0]++;
            cols.computeIfAbsent(b[i], k -> new long[1])[0]++;
        }
        double sumCells = cells.values().stream().mapToDouble(v -> comb2(v[0])).sum();
        double sumRows = rows.values().stream().mapToDouble(v -> comb2(v[0])).sum();
        double sumCols = cols.values().stream().mapToDouble(v -> comb2(v[0])).sum();
        double expected = sumRows * sumCols / comb2(a.length);
        double max = 0.5 * (sumRows + sumCols);
        return (sumCells - expected) / (max - expected);
    }

    private static double comb2(long n) {
        return n * (n - 1) / 2.0;
    }
}
