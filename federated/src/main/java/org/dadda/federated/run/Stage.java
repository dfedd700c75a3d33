package org.dadda.federated.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one stage of the pipeline into its own folder, at most once: when the folder already holds
 * the complete, intact output for the same inputs ({@link StageMarker}) the stage is skipped;
 * otherwise whatever partial output is there is deleted, the stage runs, and the marker is
 * written last.
 */
public final class Stage {
    /** The work of a stage: writes its outputs into the given folder. */
    @FunctionalInterface
    public interface Body {
        /** Writes the stage's outputs into {@code dir} (which exists and is empty). */
        void run(Path dir) throws Exception;
    }

    private Stage() {
    }

    /**
     * Runs {@code body} into {@code dir} unless its output for {@code inputsKey} is complete.
     *
     * @return true when the stage ran, false when it was skipped
     * @throws RuntimeException whatever the body threw (wrapped when checked); the folder is left
     *     without a marker, so the next run redoes it
     */
    public static boolean run(Path dir, String name, String inputsKey, Consumer<String> log, Body body) {
        List<String> why = new ArrayList<>();
        if (StageMarker.isComplete(dir, name, inputsKey, why)) {
            log.accept(name + ": complete, skipped (" + dir + ")");
            return false;
        }
        log.accept(name + ": running (" + why.get(0) + ")");
        Files2.deleteRecursively(dir);
        Files2.createDirectories(dir);
        try {
            body.run(dir);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(name + " failed: " + e.getMessage(), e);
        }
        StageMarker.write(dir, name, inputsKey);
        return true;
    }
}
