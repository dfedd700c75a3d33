package org.dadda.federated.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.federated.privacy.UploadManifest;
import org.dadda.tensor.util.Json;

/**
 * A node's append-only record of everything it sent to the server ({@code sent.jsonl} in the
 * node's category folder): one JSON line per upload with the kind, path and pixel digest of every
 * file. Lines are only ever appended and synced, never rewritten, so that the node's operator can
 * audit afterwards what left the plant ({@link UploadAudit}).
 */
public final class SentLog {
    /** The log's file name in a node's category folder. */
    public static final String FILE = "sent.jsonl";

    /**
     * One file the node sent.
     *
     * @param line the log line it is on (1-based)
     * @param time when the upload was sent
     * @param to where it went
     * @param kind normal image or mask
     * @param path its path in the upload
     * @param sha256 the digest of its pixels
     */
    public record Entry(int line, String time, String to, UploadManifest.Kind kind, String path, String sha256) {
    }

    private SentLog() {
    }

    /** Appends the files of {@code manifest}, sent to {@code to}, to the log in {@code nodeDir}. */
    public static void append(Path nodeDir, UploadManifest manifest, String to) {
        List<Object> files = new ArrayList<>();
        for (UploadManifest.Entry e : manifest.entries()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
            f.put("path", e.path());
            f.put("sha256", e.sha256());
            files.add(f);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("node", manifest.node());
        line.put("category", manifest.category());
        line.put("to", to);
        line.put("files", files);
        byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(nodeDir);
            try (FileChannel ch = FileChannel.open(nodeDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + nodeDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every file the log in {@code nodeDir} records (empty when nothing was sent).
     *
     * @throws IllegalArgumentException naming the line when one is not a log record
     */
    public static List<Entry> read(Path nodeDir) {
        Path file = nodeDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String where = file + " line " + (i + 1);
                Map<String, Object> m = Json.object(Json.parse(lines.get(i), where), where);
                for (Object o : Json.array(m.get("files"), where + ": files")) {
                    Map<String, Object> f = Json.object(o, where + ": file");
                    out.add(new Entry(i + 1, String.valueOf(m.get("time")), String.valueOf(m.get("to")),
                            UploadManifest.Kind.valueOf(String.valueOf(f.get("kind")).toUpperCase(java.util.Locale.ROOT)),
                            String.valueOf(f.get("path")), String.valueOf(f.get("sha256"))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a sent log: " + e.getMessage(), e);
        }
        return out;
    }
}
