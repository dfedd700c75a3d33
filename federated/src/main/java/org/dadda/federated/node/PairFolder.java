package org.dadda.federated.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.run.Files2;

/**
 * Image/mask pairs stored in MVTec layout inside a stage folder:
 * {@code DIR/test/TYPE/NAME.png} and {@code DIR/ground_truth/TYPE/NAME_mask.png}, the same
 * layout the dataset itself uses, so any MVTec tool can open the DAM and synthesized samples.
 */
public final class PairFolder {
    private PairFolder() {
    }

    /** Writes {@code pair} under {@code dir} (each file atomically). */
    public static void write(Path dir, LabelledPair pair) {
        ImageFiles.writePng(pair.image(), dir.resolve("test").resolve(pair.type()).resolve(pair.name() + ".png"));
        ImageFiles.writePng(pair.mask(), dir.resolve("ground_truth").resolve(pair.type()).resolve(pair.name() + "_mask.png"));
    }

    /**
     * Reads every pair under {@code dir}, by type (sorted) then name (sorted); a {@code test/good}
     * folder (normal images, no masks) is skipped.
     *
     * @throws IllegalArgumentException naming the file when an image has no mask
     */
    public static Map<String, List<LabelledPair>> read(Path dir) {
        Map<String, List<LabelledPair>> out = new LinkedHashMap<>();
        Path test = dir.resolve("test");
        if (!Files.isDirectory(test)) {
            return out;
        }
        List<String> files = Files2.listFiles(test);
        for (String rel : files) {
            int slash = rel.indexOf('/');
            if (slash < 0 || !rel.endsWith(".png")) {
                continue;
            }
            String type = rel.substring(0, slash);
            if (type.equals("good")) {
                continue;
            }
            String name = rel.substring(slash + 1, rel.length() - 4);
            Path mask = dir.resolve("ground_truth").resolve(type).resolve(name + "_mask.png");
            if (!Files.isRegularFile(mask)) {
                throw new IllegalArgumentException("sample " + test.resolve(rel) + " has no mask " + mask);
            }
            out.computeIfAbsent(type, k -> new ArrayList<>())
                    .add(new LabelledPair(type, name, ImageFiles.readRgb(test.resolve(rel)), ImageFiles.readMask(mask)));
        }
        return out;
    }

    /** Reads only the masks under {@code dir}: type to (name, mask) in name order. */
    public static Map<String, Map<String, org.dadda.augment.image.Mask>> readMasks(Path dir) {
        Map<String, Map<String, org.dadda.augment.image.Mask>> out = new LinkedHashMap<>();
        Path gt = dir.resolve("ground_truth");
        if (!Files.isDirectory(gt)) {
            return out;
        }
        try (Stream<Path> s = Files.list(gt)) {
            for (Path typeDir : s.filter(Files::isDirectory).sorted().toList()) {
                Map<String, org.dadda.augment.image.Mask> m = new LinkedHashMap<>();
                for (String f : Files2.listFiles(typeDir)) {
                    if (f.endsWith("_mask.png") && !f.contains("/")) {
                        m.put(f.substring(0, f.length() - "_mask.png".length()), ImageFiles.readMask(typeDir.resolve(f)));
                    }
                }
                out.put(typeDir.getFileName().toString(), m);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + gt, e);
        }
        return out;
    }
}
