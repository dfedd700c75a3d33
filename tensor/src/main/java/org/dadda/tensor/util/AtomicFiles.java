package org.dadda.tensor.util;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file replacement: content is written to a temporary file in the target's directory,
 * forced to disk, then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}, so a
 * reader sees either the old file or the complete new one, never a partial write. Missing parent
 * folders are created first. Every method may be called from several threads at once, also for
 * targets in the same folder.
 */
public final class AtomicFiles {

    /** Writes the content of a file through its channel. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * Writes the whole content.
         *
         * @param channel a channel open for writing at position 0 of an empty temporary file
         * @throws IOException if writing fails
         */
        void write(FileChannel channel) throws IOException;
    }

    /** Writes the content of a file through an output stream. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the whole content.
         *
         * @param out a buffered stream into an empty temporary file; closing it is allowed but not
         *     needed
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} atomically with the content produced by {@code writer}, creating
     * missing parent folders. On failure the temporary file is deleted and the target is left
     * untouched.
     *
     * @param target the file to create or replace
     * @param writer produces the content
     * @throws IOException naming the target if creating the folders, writing, forcing or renaming
     *     fails (including a file system without atomic rename)
     */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException(target + ": has no parent directory to hold a temporary file");
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            // A temporary file is private (rw-------); the file it becomes is an ordinary output that
            // others on the machine may read (a report served or shared, weights copied by a service).
            if (Files.getFileStore(temp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            boolean moved = false;
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    writer.write(channel);
                    channel.force(true);
                }
                try {
                    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the file system cannot rename atomically", e);
                }
                moved = true;
            } finally {
                if (!moved) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code target} atomically with what {@code writer} writes to a buffered stream, as
     * {@link #write(Path, ChannelWriter)} does; for encoders that want an {@link OutputStream}.
     *
     * @param target the file to create or replace
     * @param writer produces the content
     * @throws IOException naming the target if writing fails
     */
    public static void writeStream(Path target, StreamWriter writer) throws IOException {
        write(target, channel -> {
            // The channel must stay open for the force that follows, so the stream only flushes on close.
            OutputStream unclosable = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            BufferedOutputStream buffered = new BufferedOutputStream(unclosable, 1 << 16);
            writer.write(buffered);
            buffered.flush();
        });
    }

    /**
     * Replaces {@code target} atomically with {@code bytes}.
     *
     * @param target the file to create or replace
     * @param bytes the whole content
     * @throws IOException naming the target if writing fails
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /**
     * Replaces {@code target} atomically with {@code text} encoded as UTF-8.
     *
     * @param target the file to create or replace
     * @param text the whole content
     * @throws IOException naming the target if writing fails
     */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
