package org.dadda.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file replacement: content is written to a temporary file in the target's directory,
 * forced to disk, then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}, so a
 * reader sees either the old file or the complete new one, never a partial write.
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

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} atomically with the content produced by {@code writer}. On failure
     * the temporary file is deleted and the target is left untouched.
     *
     * @param target the file to create or replace; its parent directory must exist
     * @param writer produces the content
     * @throws IOException if writing, forcing or renaming fails (including a file system without
     *     atomic rename)
     */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(target + ": parent directory " + dir + " does not exist");
        }
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
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
                throw new IOException(target + ": the file system cannot rename atomically", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
