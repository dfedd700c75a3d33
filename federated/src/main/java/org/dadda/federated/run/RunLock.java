package org.dadda.federated.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One writer per run folder: {@value #FILE} in the folder, locked by the operating system for as
 * long as the process that holds it lives, and holding that process's pid and host so that a
 * refused second {@code dadda} can say who is writing. A lock file left by a process that died
 * (kill -9, a crash, a reboot) holds no operating-system lock any more and is simply taken over.
 * Within one JVM the lock is re-entrant: commands run one after another in the same process (as
 * tests do) share it.
 */
public final class RunLock {
    /** The lock file in a run folder. */
    public static final String FILE = ".dadda.lock";

    private static final Map<Path, FileLock> HELD = new HashMap<>();

    private RunLock() {
    }

    /**
     * Takes the lock of {@code runFolder} (creating the folder) for the rest of this process.
     *
     * @throws IllegalStateException naming the holder when another process writes the folder
     */
    public static synchronized void acquire(Path runFolder) {
        Path dir = runFolder.toAbsolutePath().normalize();
        FileLock held = HELD.get(dir);
        if (held != null && held.isValid()) {
            return;
        }
        Path file = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new IllegalStateException(dir + " is in use by another dadda (" + holder + ", lock " + file
                        + "): wait for it to finish, or use another --out");
            }
            byte[] me = (ProcessHandle.current().pid() + " " + host() + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            ch.force(false);
            HELD.put(dir, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock run folder " + dir + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** Releases every lock this process holds (the end of a command run in-process). */
    public static synchronized void releaseAll() {
        for (FileLock l : HELD.values()) {
            closeQuietly(l.channel());
        }
        HELD.clear();
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
        String[] p = s.split(" ", 2);
        return p.length == 2 ? "pid " + p[0] + " on " + p[1] : "a process that has not written its pid yet";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing releases the lock; a failure here leaves nothing to undo.
            }
        }
    }
}
