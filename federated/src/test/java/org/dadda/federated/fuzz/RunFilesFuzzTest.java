package org.dadda.federated.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.inspect.ModelBundle;
import org.dadda.federated.privacy.UploadManifest;
import org.dadda.federated.run.Files2;

/**
 * The readers of the files a run folder and an exchange hold, on arbitrary bytes: each returns a
 * value or throws an {@link IllegalArgumentException} (or an unchecked I/O error) naming the file
 * or source; nothing else, no hang. Seeds under {@code RunFilesFuzzTestInputs/<method>/}.
 */
class RunFilesFuzzTest {
    private static void named(RuntimeException e, String name) {
        if (e.getMessage() == null || !e.getMessage().contains(name)) {
            throw new AssertionError("error does not name " + name + ": " + e, e);
        }
    }

    /** Reader of one file, as the run reads it. */
    @FunctionalInterface
    private interface Reader {
        void read(Path file) throws IOException;
    }

    /** Writes {@code data} to a temporary file and reads it: a value, or an error naming the file. */
    private static void check(byte[] data, String suffix, Reader reader) throws IOException {
        Path f = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(f, data);
            reader.read(f);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            named(e, f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** {@code run.json}. */
    @FuzzTest(maxDuration = "30s")
    void runConfig(byte[] data) throws IOException {
        check(data, "-run.json", f -> RunConfig.fromJson(Files2.readJson(f), f.toString()));
    }

    /** An upload's {@code manifest.json}. */
    @FuzzTest(maxDuration = "30s")
    void uploadManifest(byte[] data) throws IOException {
        check(data, "-manifest.json", f -> UploadManifest.fromJson(Files2.readJson(f), f.toString()));
    }

    /** A node's {@code split.json}. */
    @FuzzTest(maxDuration = "30s")
    void datasetSplit(byte[] data) throws IOException {
        check(data, "-split.json", DatasetSplit::read);
    }

    /** A model bundle ({@code dadda export}). */
    @FuzzTest(maxDuration = "30s")
    void modelBundle(byte[] data) throws IOException {
        check(data, ".dadda", ModelBundle::read);
    }
}
