package org.dadda.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dadda.tensor.util.AtomicFiles;
import org.dadda.tensor.util.Json;
import org.dadda.tensor.util.JsonException;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian unsigned header length {@code N}, {@code N} bytes of UTF-8 JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data
 * section) plus an optional {@code "__metadata__"} string map, then the raw little-endian data.
 *
 * <p>Writing stores F32, with the header padded by spaces to a multiple of 8 bytes (as the
 * reference implementation does) and the tensors laid out in the given order, and replaces the
 * target atomically. Reading accepts F32, F16 and BF16 (converted to float) and is strict: the whole
 * header is validated before any data is read, and a file that is truncated, has trailing bytes,
 * invalid JSON, an unknown or unsupported dtype, a bad shape, or offsets that are out of range,
 * overlap, leave gaps or disagree with shape times dtype size is rejected with an
 * {@link IOException} naming the file and the fault; nothing is returned partially loaded.
 */
public final class SafeTensors {

    /** The reserved header key of the metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int CHUNK_BYTES = 1 << 20;
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("F64", "I64", "I32", "I16", "I8", "U8", "U16",
            "U32", "U64", "BOOL", "F8_E4M3", "F8_E5M2", "C64", "F4", "F6_E2M3", "F6_E3M2", "E8M0", "F8_E8M0");

    private SafeTensors() {
    }

    /**
     * Writes tensors as F32, atomically.
     *
     * @param file the target file (replaced if it exists; missing parent folders are created)
     * @param tensors the tensors in file order; each key must equal its entry's name
     * @param metadata string metadata stored under {@code __metadata__}; null or empty for none
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if a key differs from its entry's name, or metadata holds nulls
     */
    public static void write(Path file, Map<String, TensorEntry> tensors, Map<String, String> metadata)
            throws IOException {
        List<TensorEntry> list = new ArrayList<>(tensors.size());
        for (Map.Entry<String, TensorEntry> e : tensors.entrySet()) {
            if (e.getValue() == null || !e.getValue().name().equals(e.getKey())) {
                throw new IllegalArgumentException(file + ": map key " + e.getKey() + " does not match tensor "
                        + (e.getValue() == null ? "null" : e.getValue().name()));
            }
            list.add(e.getValue());
        }
        write(file, list, metadata);
    }

    /**
     * Writes tensors as F32, atomically.
     *
     * @param file the target file (replaced if it exists; missing parent folders are created)
     * @param tensors the tensors in file order, with distinct names
     * @param metadata string metadata stored under {@code __metadata__}; null or empty for none
     * @throws IOException if writing fails
     * @throws IllegalArgumentException on duplicate names or null metadata keys/values
     */
    public static void write(Path file, List<TensorEntry> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(file, tensors, metadata);
        AtomicFiles.write(file, channel -> {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            writeFully(channel, prefix);
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorEntry t : tensors) {
                float[] data = t.data();
                int i = 0;
                while (i < data.length) {
                    int n = Math.min(data.length - i, CHUNK_BYTES / 4);
                    chunk.clear();
                    chunk.asFloatBuffer().put(data, i, n);
                    chunk.limit(n * 4);
                    writeFully(channel, chunk);
                    i += n;
                }
            }
        });
    }

    private static byte[] header(Path file, List<TensorEntry> tensors, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            // Sorted, so that the same metadata always gives the same bytes.
            metadata.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.nullsFirst(Comparator.naturalOrder())))
                    .forEach(e -> {
                        if (e.getKey() == null || e.getValue() == null) {
                            throw new IllegalArgumentException(file + ": metadata keys and values must not be null");
                        }
                        meta.put(e.getKey(), e.getValue());
                    });
            json.put(METADATA_KEY, meta);
        }
        long offset = 0;
        for (TensorEntry t : tensors) {
            if (json.containsKey(t.name())) {
                throw new IllegalArgumentException(file + ": duplicate tensor name " + t.name());
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", t.shape());
            long end = offset + 4L * t.size();
            info.put("data_offsets", new long[] {offset, end});
            json.put(t.name(), info);
            offset = end;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads and validates a whole safetensors file.
     *
     * @param file the file
     * @return its tensors (as float), dtypes and metadata
     * @throws IOException if the file cannot be read or is not a valid safetensors file; the
     *     message names the file and what is wrong
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw corrupt(file, "truncated: " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw corrupt(file, "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > size - 8) {
                throw corrupt(file, "header length " + headerLength + " exceeds the " + (size - 8)
                        + " bytes after the length field (truncated file?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(file, channel, headerBytes, 8);
            List<Slot> slots = new ArrayList<>();
            Map<String, String> metadata = parseHeader(file, headerBytes.array(), slots);
            long dataStart = 8 + headerLength;
            checkLayout(file, slots, size - dataStart);

            LinkedHashMap<String, TensorEntry> entries = new LinkedHashMap<>();
            Map<String, String> dtypes = new LinkedHashMap<>();
            for (Slot s : slots) {
                entries.put(s.name, new TensorEntry(s.name, s.shape, readData(file, channel, s, dataStart)));
                dtypes.put(s.name, s.dtype.name());
            }
            if (channel.size() != size) {
                throw corrupt(file, "file changed size while being read");
            }
            return new SafeTensorsFile(file, metadata, entries, dtypes);
        }
    }

    /** The dtypes this reader converts to float, with their byte sizes. */
    private enum DType {
        F32(4), F16(2), BF16(2);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One tensor's header entry. */
    private static final class Slot {
        final String name;
        final DType dtype;
        final int[] shape;
        final int count;
        final long begin;
        final long end;

        Slot(String name, DType dtype, int[] shape, int count, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.count = count;
            this.begin = begin;
            this.end = end;
        }
    }

    private static Map<String, String> parseHeader(Path file, byte[] bytes, List<Slot> slots) throws IOException {
        if (bytes.length == 0 || bytes[0] != '{') {
            throw corrupt(file, "header does not start with '{'");
        }
        Object parsed;
        try {
            parsed = Json.parse(Json.decodeUtf8(bytes, file + " header"));
        } catch (JsonException e) {
            throw corrupt(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw corrupt(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map)) {
                    throw corrupt(file, METADATA_KEY + " is not an object");
                }
                for (Map.Entry<?, ?> m : ((Map<?, ?>) e.getValue()).entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw corrupt(file, METADATA_KEY + "." + m.getKey() + " is not a string");
                    }
                    metadata.put((String) m.getKey(), (String) m.getValue());
                }
                continue;
            }
            if (name.isEmpty()) {
                throw corrupt(file, "tensor with an empty name");
            }
            slots.add(slot(file, name, e.getValue()));
        }
        return metadata;
    }

    private static Slot slot(Path file, String name, Object value) throws IOException {
        if (!(value instanceof Map)) {
            throw corrupt(file, "tensor " + name + ": entry is not an object");
        }
        Map<?, ?> info = (Map<?, ?>) value;
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw corrupt(file, "tensor " + name + ": unexpected field " + key);
            }
        }
        Object dtypeName = info.get("dtype");
        if (!(dtypeName instanceof String)) {
            throw corrupt(file, "tensor " + name + ": dtype missing or not a string");
        }
        DType dtype;
        try {
            dtype = DType.valueOf((String) dtypeName);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "tensor " + name + ": " + (KNOWN_UNSUPPORTED.contains(dtypeName) ? "unsupported" : "unknown")
                    + " dtype " + dtypeName + " (readable: F32, F16, BF16)");
        }
        List<Long> dims = integers(file, name, "shape", info.get("shape"), -1);
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d > Integer.MAX_VALUE) {
                throw corrupt(file, "tensor " + name + ": dimension " + d + " is too large");
            }
            shape[i] = (int) d;
            count = count * d;
            if (count > Integer.MAX_VALUE) {
                throw corrupt(file, "tensor " + name + ": shape " + dims + " has more than " + Integer.MAX_VALUE
                        + " elements");
            }
        }
        List<Long> offsets = integers(file, name, "data_offsets", info.get("data_offsets"), 2);
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw corrupt(file, "tensor " + name + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        if (end - begin != count * dtype.bytes) {
            throw corrupt(file, "tensor " + name + ": shape " + dims + " of " + dtype + " needs " + count * dtype.bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new Slot(name, dtype, shape, (int) count, begin, end);
    }

    private static List<Long> integers(Path file, String name, String field, Object value, int length)
            throws IOException {
        if (!(value instanceof List)) {
            throw corrupt(file, "tensor " + name + ": " + field + " missing or not an array");
        }
        List<?> list = (List<?>) value;
        if (length >= 0 && list.size() != length) {
            throw corrupt(file, "tensor " + name + ": " + field + " has " + list.size() + " values, expected " + length);
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object v : list) {
            if (!(v instanceof Long) || (Long) v < 0) {
                throw corrupt(file, "tensor " + name + ": " + field + " " + list + " must hold non-negative integers");
            }
            out.add((Long) v);
        }
        return out;
    }

    /** The tensors must tile the data section exactly: sorted by offset, no gap, no overlap, no tail. */
    private static void checkLayout(Path file, List<Slot> slots, long dataBytes) throws IOException {
        slots.sort(Comparator.<Slot>comparingLong(s -> s.begin).thenComparingLong(s -> s.end));
        long expected = 0;
        String previous = null;
        for (Slot s : slots) {
            if (s.begin < expected) {
                throw corrupt(file, "tensor " + s.name + " at [" + s.begin + ", " + s.end + "] overlaps tensor " + previous
                        + " ending at " + expected);
            }
            if (s.begin > expected) {
                throw corrupt(file, "gap of " + (s.begin - expected) + " bytes before tensor " + s.name
                        + " (data_offsets do not cover the data)");
            }
            if (s.end > dataBytes) {
                throw corrupt(file, "tensor " + s.name + " data_offsets [" + s.begin + ", " + s.end
                        + "] run past the " + dataBytes + " data bytes (truncated file?)");
            }
            expected = s.end;
            previous = s.name;
        }
        if (expected != dataBytes) {
            throw corrupt(file, (dataBytes - expected) + " bytes after the last tensor are not covered by data_offsets");
        }
    }

    private static float[] readData(Path file, FileChannel channel, Slot s, long dataStart) throws IOException {
        float[] out = new float[s.count];
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        long position = dataStart + s.begin;
        while (done < s.count) {
            int n = Math.min(s.count - done, CHUNK_BYTES / s.dtype.bytes);
            chunk.clear().limit(n * s.dtype.bytes);
            readFully(file, channel, chunk, position);
            chunk.flip();
            switch (s.dtype) {
                case F32:
                    chunk.asFloatBuffer().get(out, done, n);
                    break;
                case F16:
                    for (int i = 0; i < n; i++) {
                        out[done + i] = HalfFloats.halfToFloat(chunk.getShort(2 * i));
                    }
                    break;
                case BF16:
                    for (int i = 0; i < n; i++) {
                        out[done + i] = HalfFloats.bfloat16ToFloat(chunk.getShort(2 * i));
                    }
                    break;
                default:
                    throw new AssertionError(s.dtype);
            }
            done += n;
            position += (long) n * s.dtype.bytes;
        }
        return out;
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n < 0) {
                throw corrupt(file, "unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    private static IOException corrupt(Path file, String what) {
        return new IOException(file + ": invalid safetensors file: " + what);
    }
}
