package org.dadda.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the kernel emulator (src/test/emulator): the CUDA C sources of src/main/cuda compiled
 * as host C++ with g++, once per test JVM, into target/emulator. Without g++ (or with a compiler
 * that lacks C++20's std::barrier) it says why, and the emulated tests are skipped with that reason.
 */
final class HostKernels {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path EMULATOR = Path.of("src/test/emulator");
    private static final Path OUT = Path.of("target/emulator");

    private static Path binary;
    private static String failure;

    private HostKernels() {
    }

    /** The emulator binary, built on first use; null when it cannot be built ({@link #failure()} says why). */
    static synchronized Path binary() {
        if (binary == null && failure == null) {
            try {
                binary = build();
            } catch (IOException | RuntimeException e) {
                failure = "the kernel emulator could not be built: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted while building the kernel emulator";
            }
        }
        return binary;
    }

    /** Why {@link #binary()} is null. */
    static synchronized String failure() {
        return failure;
    }

    private static Path build() throws IOException, InterruptedException {
        Path src = OUT.resolve("src");
        Files.createDirectories(src);
        List<String> includes = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                // Dynamic shared memory becomes the emulator's global array (see cuda_host.h).
                Files.writeString(src.resolve(name), Files.readString(f).replace("extern __shared__", "extern"));
                if (name.endsWith(".cu")) {
                    includes.add("#include \"" + name + "\"\n");
                }
            }
        }
        Files.writeString(src.resolve("all_kernels.inc"), String.join("", includes));
        Path exe = OUT.resolve("kernels").toAbsolutePath();
        Process p = new ProcessBuilder("g++", "-std=c++20", "-O1", "-pthread", "-I", src.toString(), "-I",
                EMULATOR.toString(), "-o", exe.toString(), EMULATOR.resolve("emulator.cpp").toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("g++ failed: " + log.lines().limit(20).reduce("", (a, b) -> a + "\n" + b));
        }
        return exe;
    }
}
