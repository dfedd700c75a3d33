package org.dadda.augment.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.augment.util.SeededRandom;
import org.dadda.augment.util.Seeds;
import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.util.Json;

/**
 * The built-in synthetic dataset, written in MVTec AD layout so that a first run needs nothing
 * downloaded. Two textures and two objects:
 * <ul>
 *   <li>{@code synth_fabric} (texture, plain weave): hole, colour, scratch</li>
 *   <li>{@code synth_grain} (texture, wood-like grain): crack, hole, colour</li>
 *   <li>{@code synth_washer} (object, metal washer with a notch): crack, scratch, missing</li>
 *   <li>{@code synth_pill} (object, two-colour capsule): crack, colour, missing</li>
 * </ul>
 * Normal images vary in pixel noise and lighting, textures in phase and period, objects in
 * position and rotation. Every defect's mask is exactly the set of pixels it changed. Every image
 * is determined by the seed, the category, the folder and its index, so the output does not depend
 * on the thread count or on which categories are written.
 */
public final class SyntheticDatasetGenerator {

    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("synth_fabric", List.of("hole", "colour", "scratch"));
        CATEGORIES.put("synth_grain", List.of("crack", "hole", "colour"));
        CATEGORIES.put("synth_washer", List.of("crack", "scratch", "missing"));
        CATEGORIES.put("synth_pill", List.of("crack", "colour", "missing"));
    }

    /**
     * Generator settings.
     *
     * @param size side of the square images
     * @param trainGood normal training images per category
     * @param testGood normal test images per category
     * @param perDefectType defective images per defect type
     * @param seed base seed
     */
    public record Settings(int size, int trainGood, int testGood, int perDefectType, long seed) {

        /** Validates the settings. */
        public Settings {
            if (size < 32) {
                throw new IllegalArgumentException("synthetic image size must be at least 32, got " + size);
            }
            if (trainGood < 1 || testGood < 0 || perDefectType < 1) {
                throw new IllegalArgumentException("synthetic counts must be trainGood >= 1, testGood >= 0, perDefectType >= 1; got "
                    + trainGood + ", " + testGood + ", " + perDefectType);
            }
        }

        /** 128x128 images, 30 normal training, 10 normal test and 9 defective images per type (3 train, 6 test). */
        public static Settings defaults(long seed) {
            return new Settings(128, 30, 10, 9, seed);
        }
    }

    /**
     * A defective image with its mask.
     *
     * @param image RGB image
     * @param mask exact defect mask
     */
    public record Defective(Image image, Mask mask) {
    }

    private final Settings settings;

    /** A generator with the given settings. */
    public SyntheticDatasetGenerator(Settings settings) {
        this.settings = settings;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** The category names, textures first. */
    public static List<String> categories() {
        return List.copyOf(CATEGORIES.keySet());
    }

    /**
     * The defect types of a category.
     *
     * @throws IllegalArgumentException for an unknown category
     */
    public static List<String> defectTypes(String category) {
        List<String> t = CATEGORIES.get(category);
        if (t == null) {
            throw new IllegalArgumentException("unknown synthetic category '" + category + "'; known: " + CATEGORIES.keySet());
        }
        return t;
    }

    /** Normal image {@code index} of {@code folder} ("train" or "test"). */
    public Image normal(String category, String folder, int index) {
        defectTypes(category);
        SeededRandom r = new SeededRandom(Seeds.derive(settings.seed(), category, folder, "good", index));
        return SyntheticScenes.render(category, settings.size(), r).image();
    }

    /** Defective image {@code index} of a defect type, with its mask. */
    public Defective defective(String category, String type, int index) {
        if (!defectTypes(category).contains(type)) {
            throw new IllegalArgumentException("synthetic category " + category + " has no defect type '" + type + "'; it has " + defectTypes(category));
        }
        SeededRandom r = new SeededRandom(Seeds.derive(settings.seed(), category, "test", type, index));
        SyntheticScenes.Scene scene = SyntheticScenes.render(category, settings.size(), r);
        SyntheticDefects.Painted p = SyntheticDefects.paint(type, scene, r);
        return new Defective(p.image(), p.mask());
    }

    /** Writes every category under {@code root}; returns the category folders. */
    public List<Path> writeAll(Path root) {
        List<Path> out = new ArrayList<>();
        for (String c : categories()) {
            out.add(writeCategory(c, root));
        }
        return out;
    }

    /**
     * Writes one category as {@code root/<category>/{train/good, test/good, test/<type>, ground_truth/<type>}}
     * plus {@code synthetic.json} recording the settings; returns the category folder.
     */
    public Path writeCategory(String category, Path root) {
        List<String> types = defectTypes(category);
        Path dir = root.resolve(category);
        List<Runnable> jobs = new ArrayList<>();
        for (int i = 0; i < settings.trainGood(); i++) {
            int k = i;
            jobs.add(() -> ImageFiles.writePng(normal(category, "train", k), dir.resolve("train/good/" + name(k) + ".png")));
        }
        for (int i = 0; i < settings.testGood(); i++) {
            int k = i;
            jobs.add(() -> ImageFiles.writePng(normal(category, "test", k), dir.resolve("test/good/" + name(k) + ".png")));
        }
        for (String t : types) {
            for (int i = 0; i < settings.perDefectType(); i++) {
                int k = i;
                jobs.add(() -> {
                    Defective d = defective(category, t, k);
                    ImageFiles.writePng(d.image(), dir.resolve("test/" + t + "/" + name(k) + ".png"));
                    ImageFiles.writePng(d.mask(), dir.resolve("ground_truth/" + t + "/" + name(k) + "_mask.png"));
                });
            }
        }
        Parallel.forEach(jobs.size(), i -> jobs.get(i).run());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generator", SyntheticDatasetGenerator.class.getName());
        meta.put("category", category);
        meta.put("size", settings.size());
        meta.put("trainGood", settings.trainGood());
        meta.put("testGood", settings.testGood());
        meta.put("perDefectType", settings.perDefectType());
        meta.put("seed", settings.seed());
        meta.put("defectTypes", types);
        try {
            Json.writeFile(dir.resolve("synthetic.json"), meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return dir;
    }

    private static String name(int i) {
        return String.format("%03d", i);
    }

    /**
     * Command line: {@code SyntheticDatasetGenerator OUT_DIR [size] [seed]} writes all categories.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: SyntheticDatasetGenerator OUT_DIR [size=128] [seed=0]");
            System.exit(2);
        }
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Settings d = Settings.defaults(seed);
        long t = System.nanoTime();
        List<Path> dirs = new SyntheticDatasetGenerator(new Settings(size, d.trainGood(), d.testGood(), d.perDefectType(), seed)).writeAll(Path.of(args[0]));
        System.err.printf("wrote %s in %.1f s%n", dirs, (System.nanoTime() - t) / 1e9);
    }
}
