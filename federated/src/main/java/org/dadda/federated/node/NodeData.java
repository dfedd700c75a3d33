package org.dadda.federated.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryKind;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.augment.data.MvtecCategory;
import org.dadda.federated.config.Shard;

/**
 * What one local node holds of a category (eq. 1): its shard of the normal and defective
 * training images with masks and defect labels, and the whole test split, all at the run's
 * resolution. It lives on the node; nothing in it crosses to the server except through
 * {@link org.dadda.federated.privacy.ServerUpload}.
 */
public final class NodeData {
    private final MvtecCategory category;
    private final DatasetSplit split;
    private final int resolution;
    private final List<String> trainGoodNames;
    private final List<CategoryData.Sample> trainGood;
    private final Map<String, List<LabelledPair>> trainDefective;
    private final List<CategoryData.Sample> testGood;
    private final Map<String, List<LabelledPair>> testDefective;

    private NodeData(MvtecCategory category, DatasetSplit split, int resolution, List<String> trainGoodNames,
                     List<CategoryData.Sample> trainGood, Map<String, List<LabelledPair>> trainDefective,
                     List<CategoryData.Sample> testGood, Map<String, List<LabelledPair>> testDefective) {
        this.category = category;
        this.split = split;
        this.resolution = resolution;
        this.trainGoodNames = trainGoodNames;
        this.trainGood = trainGood;
        this.trainDefective = trainDefective;
        this.testGood = testGood;
        this.testDefective = testDefective;
    }

    /**
     * Loads {@code shard} of the category at {@code categoryDir} under the seeded paper split kept
     * in {@code splitDir/split.json} (made there on first use).
     *
     * @throws IllegalArgumentException when the folder is not a valid category, or the shard leaves
     *     a defect type without a training image
     */
    public static NodeData load(Path categoryDir, Path splitDir, long seed, int resolution, Shard shard) {
        MvtecCategory c = MvtecCategory.open(categoryDir);
        DatasetSplit split = DatasetSplit.loadOrCreate(splitDir, c, seed);
        CategoryData all = CategoryData.load(c, split, resolution);
        List<CategoryData.Sample> good = shard.of(all.trainGood());
        if (good.isEmpty()) {
            throw new IllegalArgumentException("shard " + shard + " of " + categoryDir + " holds no normal training image");
        }
        List<String> names = new ArrayList<>();
        for (CategoryData.Sample s : good) {
            names.add(s.file().getFileName().toString());
        }
        Map<String, List<LabelledPair>> train = new LinkedHashMap<>();
        Map<String, List<LabelledPair>> test = new LinkedHashMap<>();
        for (String t : all.defectTypes()) {
            List<LabelledPair> tr = pairs(shard.of(all.trainDefective(t)));
            if (tr.isEmpty()) {
                throw new IllegalArgumentException("shard " + shard + " of " + categoryDir + " holds no training image of defect type '"
                        + t + "' (the split has " + all.trainDefective(t).size() + ")");
            }
            train.put(t, tr);
            test.put(t, pairs(all.testDefective(t)));
        }
        return new NodeData(c, split, resolution, List.copyOf(names), List.copyOf(good), train, all.testGood(), test);
    }

    private static List<LabelledPair> pairs(List<CategoryData.Sample> samples) {
        List<LabelledPair> out = new ArrayList<>();
        for (CategoryData.Sample s : samples) {
            String file = s.file().getFileName().toString();
            int dot = file.lastIndexOf('.');
            out.add(new LabelledPair(s.type(), dot > 0 ? file.substring(0, dot) : file, s.image(), s.mask()));
        }
        return List.copyOf(out);
    }

    /** The category folder. */
    public MvtecCategory category() {
        return category;
    }

    /** Category name. */
    public String name() {
        return category.name();
    }

    /** Texture or object. */
    public CategoryKind kind() {
        return category.kind();
    }

    /** The split in use. */
    public DatasetSplit split() {
        return split;
    }

    /** Image side in pixels. */
    public int resolution() {
        return resolution;
    }

    /** Defect types in the category's order (G_M's and F_cls's class labels). */
    public List<String> defectTypes() {
        return new ArrayList<>(trainDefective.keySet());
    }

    /** File names (inside {@code train/good}) of this node's normal training images. */
    public List<String> trainGoodNames() {
        return trainGoodNames;
    }

    /** This node's normal training images. */
    public List<CategoryData.Sample> trainGood() {
        return trainGood;
    }

    /** This node's acquired defective training samples by type. */
    public Map<String, List<LabelledPair>> trainDefective() {
        return trainDefective;
    }

    /** Normal test images (possibly none). */
    public List<CategoryData.Sample> testGood() {
        return testGood;
    }

    /** Defective test samples by type. */
    public Map<String, List<LabelledPair>> testDefective() {
        return testDefective;
    }
}
