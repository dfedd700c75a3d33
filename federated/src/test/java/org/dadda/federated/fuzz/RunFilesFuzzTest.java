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

    private static Path temp(byte[] data, String suffix) throws IOException {
        Path f = Files.createTempFile("fuzz", suffix);
        Files.write(f, data);
        return f;
    }

    /** {@code run.json}. */
    @FuzzTest(maxDuration = "30s")
    void runConfig(byte[] data) throws IOException {
        Path f = temp(data, "-run.json");
        try {
            RunConfig.fromJson(Files2.readJson(f), f.toString());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            named(e, f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** An upload's {@code manifest.json}. */
    @FuzzTest(maxDuration = "30s")
    void uploadManifest(byte[] data) throws IOException {
        Path f = temp(data, "-manifest.json");
        try {
            UploadManifest.fromJson(Files2.readJson(f), f.toString());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            named(e, f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A node's {@code split.json}. */
    @FuzzTest(maxDuration = "30s")
    void datasetSplit(byte[] data) throws IOException {
        Path f = temp(data, "-split.json");
        try {
            DatasetSplit.read(f);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            named(e, f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A model bundle ({@code dadda export}). */
    @FuzzTest(maxDuration = "30s")
    void modelBundle(byte[] data) throws IOException {
        Path f = temp(data, ".dadda");
        try {
            ModelBundle.read(f);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            named(e, f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
