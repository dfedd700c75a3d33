package org.dadda.augment.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dadda.augment.image.ImageFiles;

/**
 * A category folder in MVTec AD layout:
 * <pre>
 *   CATEGORY/train/good/*.png|jpg|...        normal training images
 *   CATEGORY/test/good/*                     normal test images (optional)
 *   CATEGORY/test/TYPE/*                     defective images, one folder per defect type
 *   CATEGORY/ground_truth/TYPE/STEM_mask.png their masks
 * </pre>
 * Opening a category checks it completely (image headers only, no pixels decoded) and reports
 * every problem at once, naming the files: a defective image without a mask, a mask whose size
 * differs from its image's, a file with an image extension that no reader can read, no normal
 * training image, or no defect type. Files without an image extension and hidden files are ignored.
 * Images may differ in size from one another (they are resized when loaded).
 */
public final class MvtecCategory {

    /** File extensions taken as images (lower case). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "gif");

    private static final int MAX_REPORTED = 25;

    private final Path root;
    private final String name;
    private final List<Path> trainGood;
    private final List<Path> testGood;
    private final Map<String, List<DefectiveFile>> defective;

    private MvtecCategory(Path root, List<Path> trainGood, List<Path> testGood, Map<String, List<DefectiveFile>> defective) {
        this.root = root;
        this.name = root.getFileName().toString();
        this.trainGood = trainGood;
        this.testGood = testGood;
        this.defective = defective;
    }

    /**
     * Opens and checks a category folder.
     *
     * @throws IllegalArgumentException listing every problem found, with the files at fault
     */
    public static MvtecCategory open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("category folder not found: " + abs);
        }
        List<String> problems = new ArrayList<>();
        List<Path> trainGood = images(abs.resolve("train").resolve("good"));
        if (trainGood.isEmpty()) {
            problems.add("no normal training images in " + abs.resolve("train").resolve("good"));
        }
        List<Path> testGood = images(abs.resolve("test").resolve("good"));
        for (Path p : concat(trainGood, testGood)) {
            checkReadable(p, problems);
        }
        Map<String, List<DefectiveFile>> defective = new LinkedHashMap<>();
        Path test = abs.resolve("test");
        List<String> types = new ArrayList<>();
        if (Files.isDirectory(test)) {
            for (Path d : list(test)) {
                String t = d.getFileName().toString();
                if (Files.isDirectory(d) && !t.equals("good") && !t.startsWith(".")) {
                    types.add(t);
                }
            }
        }
        if (types.isEmpty()) {
            problems.add("category has no defect types: no folder other than good under " + test);
        }
        for (String t : types) {
            List<DefectiveFile> files = new ArrayList<>();
            List<Path> imgs = images(test.resolve(t));
            if (imgs.isEmpty()) {
                problems.add("defect type '" + t + "' has no images: " + test.resolve(t));
            }
            for (Path img : imgs) {
                String stem = stem(img);
                Path mask = abs.resolve("ground_truth").resolve(t).resolve(stem + "_mask.png");
                if (!Files.isRegularFile(mask)) {
                    problems.add("defective image without a mask: " + img + " (expected " + mask + ")");
                    checkReadable(img, problems);
                    continue;
                }
                int[] is = checkReadable(img, problems);
                int[] ms = checkReadable(mask, problems);
                if (is != null && ms != null && (is[0] != ms[0] || is[1] != ms[1])) {
                    problems.add("mask size " + ms[0] + "x" + ms[1] + " differs from image size " + is[0] + "x" + is[1]
                        + ": " + mask + " for " + img);
                }
                files.add(new DefectiveFile(t, stem, img, mask));
            }
            defective.put(t, List.copyOf(files));
        }
        orphanMasks(abs, defective, problems);
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("invalid MVTec category " + abs + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):");
            for (int i = 0; i < Math.min(MAX_REPORTED, problems.size()); i++) {
                sb.append("\n  ").append(problems.get(i));
            }
            if (problems.size() > MAX_REPORTED) {
                sb.append("\n  ... and ").append(problems.size() - MAX_REPORTED).append(" more");
            }
            throw new IllegalArgumentException(sb.toString());
        }
        return new MvtecCategory(abs, List.copyOf(trainGood), List.copyOf(testGood), Collections.unmodifiableMap(defective));
    }

    /** Masks whose image is missing (a typo in a name, a deleted image): a label with nothing to label. */
    private static void orphanMasks(Path abs, Map<String, List<DefectiveFile>> defective, List<String> problems) {
        Path gt = abs.resolve("ground_truth");
        if (!Files.isDirectory(gt)) {
            return;
        }
        for (Path d : list(gt)) {
            String t = d.getFileName().toString();
            if (!Files.isDirectory(d) || t.startsWith(".")) {
                continue;
            }
            List<DefectiveFile> files = defective.get(t);
            if (files == null) {
                problems.add("masks of defect type '" + t + "' have no images: no folder " + abs.resolve("test").resolve(t));
                continue;
            }
            java.util.Set<Path> used = new java.util.HashSet<>();
            for (DefectiveFile f : files) {
                used.add(f.mask().toAbsolutePath().normalize());
            }
            for (Path m : list(d)) {
                String n = m.getFileName().toString();
                if (n.endsWith("_mask.png") && Files.isRegularFile(m) && !used.contains(m.toAbsolutePath().normalize())) {
                    problems.add("mask without an image: " + m + " (expected " + abs.resolve("test").resolve(t)
                            .resolve(n.substring(0, n.length() - "_mask.png".length()) + ".<png|jpg|...>") + ")");
                }
            }
        }
    }

    /** The category folder (absolute). */
    public Path root() {
        return root;
    }

    /** The folder name, e.g. {@code hazelnut}. */
    public String name() {
        return name;
    }

    /** Texture or object, by name (see {@link CategoryKind#of}). */
    public CategoryKind kind() {
        return CategoryKind.of(name);
    }

    /** Normal training images, sorted by file name. */
    public List<Path> trainGood() {
        return trainGood;
    }

    /** Normal test images, sorted by file name (possibly none). */
    public List<Path> testGood() {
        return testGood;
    }

    /** Defect types, sorted. */
    public List<String> defectTypes() {
        return List.copyOf(defective.keySet());
    }

    /**
     * Defective images of one type, sorted by file name.
     *
     * @throws IllegalArgumentException for an unknown type
     */
    public List<DefectiveFile> defective(String type) {
        List<DefectiveFile> l = defective.get(type);
        if (l == null) {
            throw new IllegalArgumentException("category " + name + " has no defect type '" + type + "'; it has " + defective.keySet());
        }
        return l;
    }

    /** The path of {@code file} relative to the category root, with '/' separators. */
    public String relative(Path file) {
        Path rel = root.relativize(file.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    /** The file at a '/'-separated path relative to the root. */
    public Path resolve(String relative) {
        Path p = root;
        for (String part : relative.split("/")) {
            p = p.resolve(part);
        }
        return p;
    }

    private static int[] checkReadable(Path p, List<String> problems) {
        try {
            return ImageFiles.size(p);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static List<Path> images(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            if (!n.startsWith(".") && Files.isRegularFile(p) && IMAGE_EXTENSIONS.contains(extension(n))) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file name without its extension. */
    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
