package org.dadda.augment.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.augment.image.Resize;
import org.dadda.tensor.parallel.Parallel;

/**
 * The images of a category, loaded according to a split and resized to the run's square
 * resolution: RGB (gray files are replicated to three channels), values in {@code [0, 1]}, masks
 * binarised at 128 then resized and re-thresholded. Normal images carry an empty mask.
 */
public final class CategoryData {

    /**
     * One loaded image.
     *
     * @param file the file it came from
     * @param type {@code "good"} or the defect type
     * @param image RGB image at the run's resolution
     * @param mask defect mask at the same resolution (empty for normal images)
     */
    public record Sample(Path file, String type, Image image, Mask mask) {
    }

    /** Label used for normal images. */
    public static final String GOOD = "good";

    private final String category;
    private final CategoryKind kind;
    private final int resolution;
    private final List<Sample> trainGood;
    private final List<Sample> testGood;
    private final Map<String, List<Sample>> trainDefective;
    private final Map<String, List<Sample>> testDefective;

    private CategoryData(String category, CategoryKind kind, int resolution, List<Sample> trainGood, List<Sample> testGood,
                         Map<String, List<Sample>> trainDefective, Map<String, List<Sample>> testDefective) {
        this.category = category;
        this.kind = kind;
        this.resolution = resolution;
        this.trainGood = trainGood;
        this.testGood = testGood;
        this.trainDefective = trainDefective;
        this.testDefective = testDefective;
    }

    /**
     * Loads every image of the split at {@code resolution x resolution}, in parallel.
     *
     * @throws IllegalArgumentException if the split does not belong to the category, or a file cannot be read
     */
    public static CategoryData load(MvtecCategory c, DatasetSplit split, int resolution) {
        if (resolution < 8) {
            throw new IllegalArgumentException("resolution must be at least 8, got " + resolution);
        }
        if (!split.category().equals(c.name())) {
            throw new IllegalArgumentException("split of '" + split.category() + "' used with category '" + c.name() + "'");
        }
        List<Job> jobs = new ArrayList<>();
        for (String p : split.trainGood()) {
            jobs.add(new Job(c.resolve(p), null, GOOD, 0));
        }
        for (String p : split.testGood()) {
            jobs.add(new Job(c.resolve(p), null, GOOD, 1));
        }
        for (String t : split.defectTypes()) {
            for (DefectiveFile f : DatasetSplit.resolve(c, t, split.trainDefective(t))) {
                jobs.add(new Job(f.image(), f.mask(), t, 2));
            }
            for (DefectiveFile f : DatasetSplit.resolve(c, t, split.testDefective(t))) {
                jobs.add(new Job(f.image(), f.mask(), t, 3));
            }
        }
        Sample[] loaded = new Sample[jobs.size()];
        Parallel.forEach(jobs.size(), i -> loaded[i] = loadOne(jobs.get(i), resolution));
        List<Sample> trainGood = new ArrayList<>();
        List<Sample> testGood = new ArrayList<>();
        Map<String, List<Sample>> trainDef = new LinkedHashMap<>();
        Map<String, List<Sample>> testDef = new LinkedHashMap<>();
        for (String t : split.defectTypes()) {
            trainDef.put(t, new ArrayList<>());
            testDef.put(t, new ArrayList<>());
        }
        for (int i = 0; i < loaded.length; i++) {
            Job j = jobs.get(i);
            switch (j.group) {
                case 0 -> trainGood.add(loaded[i]);
                case 1 -> testGood.add(loaded[i]);
                case 2 -> trainDef.get(j.type).add(loaded[i]);
                default -> testDef.get(j.type).add(loaded[i]);
            }
        }
        return new CategoryData(c.name(), c.kind(), resolution, List.copyOf(trainGood), List.copyOf(testGood), freeze(trainDef), freeze(testDef));
    }

    private record Job(Path image, Path mask, String type, int group) {
    }

    private static Sample loadOne(Job j, int res) {
        Image im = ImageFiles.readRgb(j.image);
        Mask m;
        if (j.mask == null) {
            m = Mask.empty(res, res);
        } else {
            Mask full = ImageFiles.readMask(j.mask);
            if (full.width() != im.width() || full.height() != im.height()) {
                throw new IllegalArgumentException("mask size " + full.width() + "x" + full.height() + " differs from image size "
                    + im.width() + "x" + im.height() + ": " + j.mask + " for " + j.image);
            }
            m = Resize.mask(full, res, res);
        }
        return new Sample(j.image, j.type, Resize.image(im, res, res), m);
    }

    private static Map<String, List<Sample>> freeze(Map<String, List<Sample>> m) {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Category name. */
    public String category() {
        return category;
    }

    /** Texture or object. */
    public CategoryKind kind() {
        return kind;
    }

    /** Side of the square images. */
    public int resolution() {
        return resolution;
    }

    /** Defect types. */
    public List<String> defectTypes() {
        return List.copyOf(trainDefective.keySet());
    }

    /** Normal training images. */
    public List<Sample> trainGood() {
        return trainGood;
    }

    /** Normal test images. */
    public List<Sample> testGood() {
        return testGood;
    }

    /** Defective training images of a type. */
    public List<Sample> trainDefective(String type) {
        return get(trainDefective, type);
    }

    /** Defective test images of a type. */
    public List<Sample> testDefective(String type) {
        return get(testDefective, type);
    }

    /** The images of samples, in order. */
    public static List<Image> images(List<Sample> samples) {
        return samples.stream().map(Sample::image).toList();
    }

    /** The masks of samples, in order. */
    public static List<Mask> masks(List<Sample> samples) {
        return samples.stream().map(Sample::mask).toList();
    }

    private List<Sample> get(Map<String, List<Sample>> m, String type) {
        List<Sample> l = m.get(type);
        if (l == null) {
            throw new IllegalArgumentException("category " + category + " has no defect type '" + type + "'; it has " + m.keySet());
        }
        return l;
    }
}
