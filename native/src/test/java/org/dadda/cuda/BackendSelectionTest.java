package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * Selecting the backend by name: {@code cuda} is registered, {@code cuda} without a device fails
 * with the driver's reason, {@code auto} picks cuda when a device initialises and cpu otherwise,
 * saying which once. Each test checks whichever case this machine is, so none is skipped.
 */
class BackendSelectionTest {

    @Test
    void cudaIsRegisteredAndEitherOpensOrSaysWhyNot() {
        if (CudaTestDevice.present()) {
            Backend b = Backends.byName("cuda");
            assertInstanceOf(CudaBackend.class, b);
            assertEquals("cuda", b.name());
        } else {
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Backends.byName("cuda"));
            assertTrue(e.getMessage().startsWith("cuda backend: no usable CUDA device: "), e.getMessage());
            assertTrue(e.getMessage().length() > "cuda backend: no usable CUDA device: ".length() + 5,
                    "the message carries the driver's reason: " + e.getMessage());
            // Asking again gives the same reason, not a class-initialisation error.
            assertEquals(e.getMessage(), assertThrows(CudaUnavailableException.class, () -> Backends.byName("cuda"))
                    .getMessage());
        }
    }

    @Test
    void autoPicksCudaWhenADeviceOpensElseCpuAndSaysWhich() {
        List<String> lines = new ArrayList<>();
        Backend b = Backends.auto(lines::add);
        assertEquals(1, lines.size(), "one line: " + lines);
        if (CudaTestDevice.present()) {
            assertInstanceOf(CudaBackend.class, b);
            assertTrue(lines.get(0).startsWith("backend auto: cuda ("), lines.get(0));
        } else {
            assertSame(CpuBackend.INSTANCE, b);
            assertEquals("backend auto: cpu (" + CudaTestDevice.reason() + ")", lines.get(0));
        }
    }

    /** A fresh JVM: the system property path, including the one line on standard error. */
    @Test
    void thePropertySelectsAtStartAndReportsOnce() throws Exception {
        Run auto = runJvm("auto");
        assertEquals(0, auto.exit, auto.err);
        assertEquals(CudaTestDevice.present() ? "cuda" : "cpu", auto.out.strip());
        long reports = auto.err.lines().filter(l -> l.startsWith("dadda: backend auto: ")).count();
        assertEquals(1, reports, auto.err);
        if (!CudaTestDevice.present()) {
            Run cuda = runJvm("cuda");
            assertTrue(cuda.exit != 0, "dadda.backend=cuda without a device must fail");
            assertTrue(cuda.err.contains("cuda backend: no usable CUDA device: "), cuda.err);
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run runJvm(String backend) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Ddadda.backend=" + backend,
                "-cp", System.getProperty("java.class.path"), PrintBackend.class.getName()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the JVM with dadda.backend=" + backend + " did not finish");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Prints the default backend's name. */
    static final class PrintBackend {
        public static void main(String[] args) {
            System.out.println(Backends.current().name());
        }
    }
}
