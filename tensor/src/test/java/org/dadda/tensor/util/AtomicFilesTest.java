package org.dadda.tensor.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @Test
    void replacesWholeFilesCreatingFoldersAndLeavesNoTemporaries() throws Exception {
        Path f = dir.resolve("sub/deeper/out.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two \u00e9");
        assertEquals("two \u00e9", Files.readString(f));
        assertEquals(List.of(f), listing(f.getParent()));
    }

    @Test
    void writesThroughAChannelAndAStream() throws Exception {
        Path a = dir.resolve("a.bin");
        AtomicFiles.write(a, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(a));
        Path b = dir.resolve("b.bin");
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        // The writer may close its stream, as image encoders do; the content must still be complete.
        AtomicFiles.writeStream(b, out -> {
            out.write(big, 0, 100_000);
            for (int i = 100_000; i < big.length; i++) {
                out.write(big[i]);
            }
            out.close();
        });
        assertArrayEquals(big, Files.readAllBytes(b));
        AtomicFiles.writeBytes(a, new byte[0]);
        assertEquals(0, Files.size(a));
    }

    @Test
    void aFailedWriteLeavesTheTargetUntouchedAndNamesIt() throws Exception {
        Path f = dir.resolve("keep.txt");
        AtomicFiles.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeStream(f, out -> {
            out.write("partial".getBytes());
            throw new IOException("encoder failed");
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("encoder failed"), e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), listing(dir), "the temporary file is deleted");
        RuntimeException r = assertThrows(IllegalStateException.class,
                () -> AtomicFiles.write(f, ch -> {
                    throw new IllegalStateException("bug");
                }));
        assertEquals("bug", r.getMessage());
        assertEquals(List.of(f), listing(dir));
    }

    @Test
    void aFolderInTheWayIsReportedWithTheTarget() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Path target = dir.resolve("file/child.txt");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "y"));
        assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
    }

    @Test
    void concurrentWritersIntoOneNewFolderAllSucceed() throws Exception {
        Path folder = dir.resolve("images/crack");
        IntStream.range(0, 32).parallel().forEach(i -> {
            try {
                AtomicFiles.writeString(folder.resolve(i + ".txt"), Integer.toString(i));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(32, listing(folder).size());
        assertEquals("17", Files.readString(folder.resolve("17.txt")));
    }

    @Test
    void writtenFilesAreReadableByOthersLikeOrdinaryFiles() throws Exception {
        Path f = dir.resolve("out/report.html");
        AtomicFiles.writeString(f, "<p>x</p>");
        if (Files.getFileStore(f).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }
}
