package org.dadda.federated.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finding categories in a dataset folder in MVTec AD layout. */
public final class Datasets {
    private Datasets() {
    }

    /** Whether {@code dir} looks like one category (it has {@code train/good}). */
    public static boolean isCategory(Path dir) {
        return Files.isDirectory(dir.resolve("train").resolve("good"));
    }

    /**
     * The dataset root of {@code data}: itself, or its parent when {@code data} is one category.
     *
     * @throws IllegalArgumentException when the folder does not exist
     */
    public static Path root(Path data) {
        Path abs = data.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("data folder " + data + " does not exist");
        }
        return isCategory(abs) ? abs.getParent() : abs;
    }

    /**
     * The categories under a dataset root, sorted.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static List<String> categories(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data folder " + root + " does not exist");
        }
        List<String> out;
        try (Stream<Path> s = Files.list(root)) {
            out = s.filter(Datasets::isCategory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no category (a folder with train/good) under " + root);
        }
        return out;
    }

    /**
     * The folder of {@code category} under {@code root}.
     *
     * @throws IllegalArgumentException listing the available categories when it is not there
     */
    public static Path category(Path root, String category) {
        Path dir = root.resolve(category);
        if (!isCategory(dir)) {
            throw new IllegalArgumentException("category '" + category + "' not found in " + root + " (categories: "
                    + String.join(", ", categories(root)) + ")");
        }
        return dir;
    }
}
