package org.dadda.federated.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run folder, across processes; a dead holder's lock is taken over. */
class RunLockTest {
    @TempDir
    Path tmp;

    @AfterEach
    void release() {
        RunLock.releaseAll();
    }

    /** Child JVM entry point: holds the lock of args[0] until stdin closes. */
    public static void main(String[] args) throws Exception {
        RunLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        System.in.read();
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidAndAFreedLockIsTakenOver() throws Exception {
        Path run = tmp.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), RunLockTest.class.getName(),
                run.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertTrue("locked".equals(out.readLine()), "the child took the lock");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(run));
            assertTrue(e.getMessage().contains("pid " + child.pid()) && e.getMessage().contains("another --out"), e.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        // The holder died without cleaning up: its lock file stays, its lock does not.
        assertTrue(Files.isRegularFile(run.resolve(RunLock.FILE)));
        assertDoesNotThrow(() -> RunLock.acquire(run));
        assertTrue(Files.readString(run.resolve(RunLock.FILE)).startsWith(ProcessHandle.current().pid() + " "));
        assertDoesNotThrow(() -> RunLock.acquire(run), "re-entrant within one process");
    }
}
