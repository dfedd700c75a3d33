package org.dadda.augment.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.util.SeededRandom;
import org.dadda.augment.util.Seeds;
import org.dadda.tensor.util.Json;

/**
 * The paper's train/test split of a category: normal images keep their MVTec folders
 * ({@code train/good} for training, {@code test/good} for testing); the defective images of each
 * type are shuffled with a seed and the first third, rounded up, go to training, the rest to
 * testing. The split is stored as JSON in the run folder ({@value #FILE_NAME}) and read back from
 * there, so every stage of a run uses the same one. Paths are relative to the category folder.
 */
public final class DatasetSplit {

    /** File name of the split inside a run folder. */
    public static final String FILE_NAME = "split.json";
    /** Format tag written into the JSON. */
    public static final String FORMAT = "dadda-split-1";
    /** The rule, written into the JSON for a human reader. */
    public static final String RULE = "per defect type: seeded shuffle, first ceil(n/3) for training, the rest for testing";

    private final String category;
    private final long seed;
    private final List<String> trainGood;
    private final List<String> testGood;
    private final Map<String, List<String>> trainDefective;
    private final Map<String, List<String>> testDefective;

    private DatasetSplit(String category, long seed, List<String> trainGood, List<String> testGood,
                         Map<String, List<String>> trainDefective, Map<String, List<String>> testDefective) {
        this.category = category;
        this.seed = seed;
        this.trainGood = List.copyOf(trainGood);
        this.testGood = List.copyOf(testGood);
        this.trainDefective = freeze(trainDefective);
        this.testDefective = freeze(testDefective);
    }

    /** Makes the paper's split of a category with a seed. */
    public static DatasetSplit paper(MvtecCategory c, long seed) {
        Map<String, List<String>> train = new LinkedHashMap<>();
        Map<String, List<String>> test = new LinkedHashMap<>();
        for (String t : c.defectTypes()) {
            List<DefectiveFile> files = new ArrayList<>(c.defective(t));
            SeededRandom r = new SeededRandom(Seeds.derive(seed, "split", t));
            for (int i = files.size() - 1; i > 0; i--) {
                Collections.swap(files, i, r.nextInt(i + 1));
            }
            int nTrain = (files.size() + 2) / 3;
            train.put(t, files.subList(0, nTrain).stream().map(f -> c.relative(f.image())).sorted().toList());
            test.put(t, files.subList(nTrain, files.size()).stream().map(f -> c.relative(f.image())).sorted().toList());
        }
        return new DatasetSplit(c.name(), seed,
            c.trainGood().stream().map(c::relative).toList(), c.testGood().stream().map(c::relative).toList(), train, test);
    }

    /**
     * The split of a run: read from {@code runDir/split.json} when it exists (and checked against
     * the category), otherwise made with {@link #paper}, written there, and read back.
     *
     * @throws IllegalArgumentException if an existing split belongs to another category or names missing files
     */
    public static DatasetSplit loadOrCreate(Path runDir, MvtecCategory c, long seed) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            paper(c, seed).write(file);
        }
        DatasetSplit s = read(file);
        s.check(c, file);
        return s;
    }

    /** Writes the split as JSON, atomically. */
    public void write(Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("category", category);
        root.put("seed", seed);
        root.put("rule", RULE);
        root.put("train", part(trainGood, trainDefective));
        root.put("test", part(testGood, testDefective));
        try {
            Json.writeFile(file, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Reads a split written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or malformed
     */
    public static DatasetSplit read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read split file " + file + ": " + e.getMessage(), e);
        }
        String src = file.toString();
        Map<String, Object> root = Json.object(Json.parse(text, src), src);
        if (!FORMAT.equals(root.get("format"))) {
            throw new IllegalArgumentException(src + ": not a split file (format is " + root.get("format") + ", expected " + FORMAT + ")");
        }
        String category = Json.string(root.get("category"), src + " category");
        long seed = Json.number(root.get("seed"), src + " seed").longValue();
        Map<String, Object> train = Json.object(root.get("train"), src + " train");
        Map<String, Object> test = Json.object(root.get("test"), src + " test");
        return new DatasetSplit(category, seed, strings(train.get("good"), src + " train.good"), strings(test.get("good"), src + " test.good"),
            types(train.get("defective"), src + " train.defective"), types(test.get("defective"), src + " test.defective"));
    }

    /** Category name. */
    public String category() {
        return category;
    }

    /** The seed the split was made with. */
    public long seed() {
        return seed;
    }

    /** Defect types, in the category's order. */
    public List<String> defectTypes() {
        return List.copyOf(trainDefective.keySet());
    }

    /** Normal training images (relative paths). */
    public List<String> trainGood() {
        return trainGood;
    }

    /** Normal test images (relative paths). */
    public List<String> testGood() {
        return testGood;
    }

    /** Defective training images of a type (relative paths). */
    public List<String> trainDefective(String type) {
        return require(trainDefective, type);
    }

    /** Defective test images of a type (relative paths). */
    public List<String> testDefective(String type) {
        return require(testDefective, type);
    }

    /** The {@link DefectiveFile}s of {@code paths} in category {@code c}. */
    public static List<DefectiveFile> resolve(MvtecCategory c, String type, List<String> paths) {
        Map<String, DefectiveFile> byPath = new LinkedHashMap<>();
        for (DefectiveFile f : c.defective(type)) {
            byPath.put(c.relative(f.image()), f);
        }
        List<DefectiveFile> out = new ArrayList<>();
        for (String p : paths) {
            DefectiveFile f = byPath.get(p);
            if (f == null) {
                throw new IllegalArgumentException("split names " + p + ", which is not a defective image of type '" + type + "' in " + c.root());
            }
            out.add(f);
        }
        return out;
    }

    private void check(MvtecCategory c, Path file) {
        if (!category.equals(c.name())) {
            throw new IllegalArgumentException(file + " is the split of category '" + category + "', not of '" + c.name() + "'");
        }
        List<String> missing = new ArrayList<>();
        for (String p : concat(trainGood, testGood)) {
            if (!Files.isRegularFile(c.resolve(p))) {
                missing.add(p);
            }
        }
        if (!trainDefective.keySet().equals(new java.util.HashSet<>(c.defectTypes()))) {
            throw new IllegalArgumentException(file + " has defect types " + trainDefective.keySet() + " but " + c.root() + " has " + c.defectTypes());
        }
        for (String t : trainDefective.keySet()) {
            for (String p : concat(trainDefective.get(t), testDefective.get(t))) {
                if (!Files.isRegularFile(c.resolve(p))) {
                    missing.add(p);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + " names files missing from " + c.root() + ": " + missing);
        }
    }

    private static Map<String, Object> part(List<String> good, Map<String, List<String>> defective) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("good", good);
        m.put("defective", defective);
        return m;
    }

    private static List<String> strings(Object v, String what) {
        List<String> out = new ArrayList<>();
        List<Object> l = Json.array(v, what);
        for (int i = 0; i < l.size(); i++) {
            out.add(Json.string(l.get(i), what + "[" + i + "]"));
        }
        return out;
    }

    private static Map<String, List<String>> types(Object v, String what) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Json.object(v, what).entrySet()) {
            out.put(e.getKey(), strings(e.getValue(), what + "." + e.getKey()));
        }
        return out;
    }

    private List<String> require(Map<String, List<String>> m, String type) {
        List<String> l = m.get(type);
        if (l == null) {
            throw new IllegalArgumentException("split of category " + category + " has no defect type '" + type + "'; it has " + m.keySet());
        }
        return l;
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
