package org.dadda.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips and the strict rejection of corrupt files. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsOrderValuesAndMetadata() throws Exception {
        Random random = new Random(3);
        float[] big = new float[700_000]; // larger than one I/O chunk
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) random.nextGaussian();
        }
        big[5] = Float.NaN;
        big[6] = Float.NEGATIVE_INFINITY;
        big[7] = -0.0f;
        big[8] = Float.MIN_VALUE;
        List<TensorEntry> tensors = List.of(
                new TensorEntry("z.big", new int[] {700, 1000}, big),
                new TensorEntry("a.small", new int[] {2, 1, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                new TensorEntry("\u00e9t\u00e9 \"quoted\"", new int[] {1}, new float[] {42}));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, Map.of("b", "2", "a", "x\ny"));
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("z.big", "a.small", "\u00e9t\u00e9 \"quoted\""), List.copyOf(read.entries().keySet()));
        for (TensorEntry t : tensors) {
            assertEquals(t, read.get(t.name()));
            assertEquals("F32", read.dtype(t.name()));
        }
        assertEquals(Map.of("b", "2", "a", "x\ny"), read.metadata());
        assertEquals(file, read.path());

        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "data section aligned to 8 bytes");
        assertEquals(8 + headerLength + 4L * (big.length + 7), Files.size(file));
    }

    @Test
    void writeIsAtomicAndReplaces() throws Exception {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, List.of(new TensorEntry("a", new int[] {1}, new float[] {1})), null);
        SafeTensors.write(file, Map.of("b", new TensorEntry("b", new int[] {2}, new float[] {2, 3})), Map.of());
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("b"), List.copyOf(read.entries().keySet()));
        assertTrue(read.metadata().isEmpty());
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
        Path nested = dir.resolve("missing/dir/x.safetensors");
        SafeTensors.write(nested, List.of(), null);
        assertTrue(SafeTensors.read(nested).entries().isEmpty(), "missing folders are created");
        assertThrows(IOException.class, () -> SafeTensors.write(file.resolve("x.safetensors"), List.of(), null),
                "a file where a folder should be");
    }

    @Test
    void writerRejectsInconsistentInput() {
        Path file = dir.resolve("bad.safetensors");
        TensorEntry a = new TensorEntry("a", new int[] {1}, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, List.of(a, a), null));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, Map.of("b", a), null));
        assertThrows(IllegalArgumentException.class, () -> new TensorEntry("a", new int[] {2, 2}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new TensorEntry("a", new int[] {-1}, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new TensorEntry("__metadata__", new int[0], new float[1]));
        assertThrows(IllegalArgumentException.class, () -> new TensorEntry("", new int[0], new float[1]));
        assertTrue(Files.notExists(file));
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, List.of(new TensorEntry("a", new int[] {1}, new float[] {1})), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file).get("b"));
        assertTrue(e.getMessage().contains("no tensor named b") && e.getMessage().contains(file.toString()));
    }

    /** Writes a file by hand: length field (or the given one), header text, data bytes. */
    private Path raw(String name, Long lengthField, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lengthField == null ? h.length : lengthField).put(h);
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    private void rejects(Path file, String fragment) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    @Test
    void rejectsCorruptFiles() throws Exception {
        Files.write(dir.resolve("short"), new byte[5]);
        rejects(dir.resolve("short"), "truncated");
        rejects(raw("long_header", 1000L, "{}", 0), "exceeds");
        rejects(raw("huge_header", -8L, "{}", 0), "exceeds the limit");
        rejects(raw("not_json", null, "{\"a\":", 0), "not valid JSON");
        rejects(raw("not_object", null, "[1]", 0), "does not start with '{'");
        rejects(raw("unknown_dtype", null, "{" + tensor("a", "F33", "[1]", 0, 4) + "}", 4), "unknown dtype F33");
        rejects(raw("unsupported_dtype", null, "{" + tensor("a", "I64", "[1]", 0, 8) + "}", 8), "unsupported dtype I64");
        rejects(raw("size_mismatch", null, "{" + tensor("a", "F32", "[2]", 0, 4) + "}", 4), "needs 8 bytes");
        rejects(raw("f16_size", null, "{" + tensor("a", "F16", "[3]", 0, 4) + "}", 4), "needs 6 bytes");
        rejects(raw("past_end", null, "{" + tensor("a", "F32", "[2]", 0, 8) + "}", 4), "run past");
        rejects(raw("overlap", null, "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[1]", 4, 8)
                + "}", 8), "overlaps");
        rejects(raw("gap", null, "{" + tensor("a", "F32", "[1]", 4, 8) + "}", 8), "gap of 4 bytes");
        rejects(raw("tail", null, "{" + tensor("a", "F32", "[1]", 0, 4) + "}", 8), "not covered");
        rejects(raw("reversed", null, "{" + tensor("a", "F32", "[1]", 4, 0) + "}", 4), "end before");
        rejects(raw("negative_dim", null, "{" + tensor("a", "F32", "[-1]", 0, 0) + "}", 0), "non-negative integers");
        rejects(raw("float_dim", null, "{" + tensor("a", "F32", "[1.0]", 0, 4) + "}", 4), "non-negative integers");
        rejects(raw("huge_shape", null, "{" + tensor("a", "F32", "[65536,65536]", 0, 4) + "}", 4), "more than");
        rejects(raw("extra_field", null, "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":1}}", 4),
                "unexpected field x");
        rejects(raw("no_offsets", null, "{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}", 4), "data_offsets missing");
        rejects(raw("bad_metadata", null, "{\"__metadata__\":{\"k\":1}}", 0), "__metadata__.k is not a string");
        rejects(raw("duplicate", null, "{" + tensor("a", "F32", "[1]", 0, 4) + "," + tensor("a", "F32", "[1]", 4, 8)
                + "}", 8), "duplicate key");
        Path badUtf8 = raw("bad_utf8", null, "{\"a\":\"xx\"}", 0);
        byte[] bytes = Files.readAllBytes(badUtf8);
        bytes[14] = (byte) 0xC3;
        Files.write(badUtf8, bytes);
        rejects(badUtf8, "UTF-8");
    }

    @Test
    void rejectsTruncatedValidFile() throws Exception {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, List.of(new TensorEntry("a", new int[] {4}, new float[] {1, 2, 3, 4})), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
        rejects(file, "run past");
        Files.write(file, Arrays.copyOf(bytes, 20));
        rejects(file, "exceeds");
    }

    @Test
    void acceptsPaddedHeaderAndEmptyFile() throws Exception {
        Path file = raw("padded", null, "{" + tensor("a", "BF16", "[2]", 0, 4) + "}     ", 4);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 4] = 0;
        bytes[bytes.length - 3] = 0x40; // bf16 0x4000 = 2.0
        bytes[bytes.length - 2] = (byte) 0x80;
        bytes[bytes.length - 1] = (byte) 0xBF; // bf16 0xBF80 = -1.0
        Files.write(file, bytes);
        assertArrayEquals(new float[] {2f, -1f}, SafeTensors.read(file).get("a").data());
        assertTrue(SafeTensors.read(raw("empty", null, "{}", 0)).entries().isEmpty());
    }
}
