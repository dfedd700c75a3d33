package org.dadda.nn.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.util.Json;
import org.dadda.tensor.util.JsonException;

/**
 * An append-only training log, one record per line, as JSON lines or CSV.
 *
 * <p>Each record is written with a single write call on a file opened for appending, so every
 * complete line is in the operating system as soon as {@link #append} returns and survives a crash
 * of the JVM; {@link #close()} also forces the file to disk. Opening an existing log continues it
 * (resumed training): a last line cut short by a crash (no final newline) is removed first, and a
 * CSV log must already have the same header.
 *
 * <p>Values are written as {@link Json} writes them. Non-finite floating-point values (a diverged
 * loss) are kept as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} in JSON
 * lines (JSON has no such numbers) and as {@code NaN}, {@code Infinity}, {@code -Infinity} in CSV.
 */
public final class LossLog implements AutoCloseable {

    private final Path path;
    private final List<String> columns;
    private final FileChannel channel;

    private LossLog(Path path, List<String> columns, FileChannel channel) {
        this.path = path;
        this.columns = columns;
        this.channel = channel;
    }

    /**
     * Opens (or creates) a JSON-lines log: one JSON object per line.
     *
     * @param file the log file; its directory must exist
     * @return the log
     * @throws IOException if the file cannot be opened or repaired
     */
    public static LossLog jsonLines(Path file) throws IOException {
        dropTornLine(file);
        return new LossLog(file, null, open(file));
    }

    /**
     * Opens (or creates) a CSV log with a fixed header.
     *
     * @param file the log file; its directory must exist
     * @param columns the column names, distinct and non-empty
     * @return the log
     * @throws IOException if the file cannot be opened or repaired
     * @throws IllegalArgumentException if an existing file has a different header
     */
    public static LossLog csv(Path file, List<String> columns) throws IOException {
        if (columns == null || columns.isEmpty() || columns.stream().distinct().count() != columns.size()) {
            throw new IllegalArgumentException(file + ": CSV columns must be non-empty and distinct, got " + columns);
        }
        List<String> copy = List.copyOf(columns);
        String header = csvLine(copy.stream().map(c -> (Object) c).toList());
        dropTornLine(file);
        if (Files.exists(file) && Files.size(file) > 0) {
            String existing;
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                existing = lines.findFirst().orElse("");
            }
            if (!existing.equals(header)) {
                throw new IllegalArgumentException(file + ": existing CSV header '" + existing + "' differs from '"
                        + header + "'");
            }
        }
        FileChannel channel = open(file);
        LossLog log = new LossLog(file, copy, channel);
        if (channel.size() == 0) {
            log.writeLine(header);
        }
        return log;
    }

    /** The log file. */
    public Path path() {
        return path;
    }

    /**
     * Appends one record as one line.
     *
     * @param record the values by name; for CSV every key must be a column (missing columns are
     *     left empty)
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if a value cannot be written, or (CSV) a key is not a column
     */
    public synchronized void append(Map<String, ?> record) throws IOException {
        if (columns == null) {
            Map<String, Object> safe = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : record.entrySet()) {
                safe.put(e.getKey(), finite(e.getValue()));
            }
            String line;
            try {
                line = Json.write(safe);
            } catch (JsonException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
            writeLine(line);
            return;
        }
        for (String key : record.keySet()) {
            if (!columns.contains(key)) {
                throw new IllegalArgumentException(path + ": '" + key + "' is not a column of " + columns);
            }
        }
        List<Object> cells = new ArrayList<>(columns.size());
        for (String c : columns) {
            cells.add(record.get(c));
        }
        writeLine(csvLine(cells));
    }

    /**
     * Forces the log to disk and closes it.
     *
     * @throws IOException if forcing or closing fails
     */
    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.force(true);
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Reads a JSON-lines log back (blank lines are skipped).
     *
     * @param file the log
     * @return one map per line
     * @throws IOException if the file cannot be read, or a line is not a JSON object (the message
     *     names the line)
     */
    public static List<Map<String, Object>> readJsonLines(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Object value;
            try {
                value = Json.parse(lines.get(i));
            } catch (JsonException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!(value instanceof Map)) {
                throw new IOException(file + " line " + (i + 1) + ": not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) value;
            records.add(record);
        }
        return records;
    }

    private void writeLine(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Truncates the file after its last newline, if its last line is incomplete. */
    private static void dropTornLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0 || byteAt(ch, size - 1) == '\n') {
                return;
            }
            long keep = size - 1;
            while (keep > 0 && byteAt(ch, keep - 1) != '\n') {
                keep--;
            }
            ch.truncate(keep);
        }
    }

    private static byte byteAt(FileChannel ch, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (ch.read(one, position) != 1) {
            throw new IOException("cannot read byte " + position);
        }
        return one.get(0);
    }

    private static Object finite(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
        }
        return value;
    }

    /** One RFC 4180 line: cells with a comma, quote or line break are quoted, quotes doubled. */
    private static String csvLine(List<Object> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object v = cells.get(i);
            String text;
            if (v == null) {
                text = "";
            } else if (v instanceof CharSequence) {
                text = v.toString();
            } else if ((v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue())) {
                text = Double.toString(((Number) v).doubleValue());
            } else {
                text = Json.write(v);
            }
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            line.append(text);
        }
        return line.toString();
    }
}
