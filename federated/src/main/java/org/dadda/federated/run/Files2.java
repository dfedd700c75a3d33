package org.dadda.federated.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.dadda.federated.privacy.Digests;
import org.dadda.tensor.util.AtomicFiles;
import org.dadda.tensor.util.Json;

/** File helpers of the run folder: atomic writes, recursive listing and deletion, file digests. */
public final class Files2 {
    private Files2() {
    }

    /** Writes {@code bytes} to {@code target} atomically, creating its parent folders. */
    public static void writeBytes(Path target, byte[] bytes) {
        try {
            AtomicFiles.writeBytes(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Writes UTF-8 {@code text} to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code value} as indented JSON to {@code target} atomically; non-finite numbers
     * (a metric that is undefined, such as an AUROC over one class) are written as {@code null}.
     */
    public static void writeJson(Path target, Object value) {
        writeString(target, Json.writePretty(finite(value)) + "\n");
    }

    /** {@code value} with every NaN or infinite number, also inside primitive arrays, replaced by null (writable as JSON). */
    public static Object finiteJson(Object value) {
        return finite(value);
    }

    private static Object finite(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (value instanceof java.util.Map<?, ?> m) {
            java.util.LinkedHashMap<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, finite(v)));
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(v -> out.add(finite(v)));
            return out;
        }
        if (value instanceof double[] a) {
            List<Object> out = new ArrayList<>();
            for (double v : a) {
                out.add(finite(v));
            }
            return out;
        }
        if (value instanceof float[] a) {
            List<Object> out = new ArrayList<>();
            for (float v : a) {
                out.add(finite(v));
            }
            return out;
        }
        if (value instanceof Object[] a) {
            List<Object> out = new ArrayList<>();
            for (Object v : a) {
                out.add(finite(v));
            }
            return out;
        }
        return value;
    }

    /**
     * Reads a JSON file.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not valid JSON
     */
    public static Object readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        try {
            return Json.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        MessageDigest md = Digests.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Every regular file under {@code dir}, as sorted paths relative to it with '/' separators. */
    public static List<String> listFiles(Path dir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Copies every regular file under {@code from} into {@code to} (same relative paths, each
     * written atomically); a missing {@code from} copies nothing.
     */
    public static void copyTree(Path from, Path to) {
        for (String rel : listFiles(from)) {
            copyFile(from.resolve(rel), to.resolve(rel));
        }
    }

    /** Copies the file {@code from} to {@code to} atomically, creating the parent folders. */
    public static void copyFile(Path from, Path to) {
        try {
            writeBytes(to, Files.readAllBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code path} and everything under it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} and its parents. */
    public static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
