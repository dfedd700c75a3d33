package org.dadda.federated.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dadda.augment.image.Mask;
import org.dadda.federated.config.Profile;
import org.dadda.federated.config.Shard;
import org.dadda.federated.privacy.LabelledMask;
import org.dadda.federated.privacy.NormalImage;
import org.dadda.federated.privacy.ServerUpload;

/**
 * A production line's node (Fig. 2). Stage 1: load its share of a category, split it, run the DAM
 * and build the {@link ServerUpload} (normal images and augmented masks only). Stage 3
 * ({@link NodeStage3}): take the server's weights, synthesize defects, train and evaluate the
 * downstream models. Everything sensitive stays in the node's own folders.
 */
public final class LocalNode {
    private final String id;
    private final Path categoryDir;
    private final Profile profile;
    private final long seed;
    private final Shard shard;
    private final Consumer<String> log;

    /**
     * A node called {@code id} holding {@code shard} of the category at {@code categoryDir}.
     *
     * @throws IllegalArgumentException when the id is not a plain token
     */
    public LocalNode(String id, Path categoryDir, Profile profile, long seed, Shard shard, Consumer<String> log) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("node id '" + id + "' must be a plain token (letters, digits, . _ -)");
        }
        this.id = id;
        this.categoryDir = categoryDir;
        this.profile = profile;
        this.seed = seed;
        this.shard = shard;
        this.log = log;
    }

    /** The node's id. */
    public String id() {
        return id;
    }

    /** The category folder. */
    public Path categoryDir() {
        return categoryDir;
    }

    /** The category name (its folder name). */
    public String category() {
        return categoryDir.toAbsolutePath().normalize().getFileName().toString();
    }

    /** The run's profile. */
    public Profile profile() {
        return profile;
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** The node's shard. */
    public Shard shard() {
        return shard;
    }

    /** Log sink. */
    Consumer<String> log() {
        return log;
    }

    /** Loads the node's data under the split kept in {@code stage1Dir} (made there on first use). */
    public NodeData load(Path stage1Dir) {
        return NodeData.load(categoryDir, stage1Dir, seed, profile.resolution(), shard);
    }

    /**
     * Stage 1 into {@code stage1Dir}: the split, then the DAM samples and their timings.
     *
     * @return the node's data and the DAM samples by defect type
     */
    public Map<String, List<LabelledPair>> stage1(Path stage1Dir, boolean progress) {
        NodeData data = load(stage1Dir);
        log.accept(id + ": " + data.name() + ": " + data.trainGood().size() + " normal and "
                + data.trainDefective().values().stream().mapToInt(List::size).sum() + " defective training images, "
                + data.defectTypes().size() + " defect types " + data.defectTypes());
        return DamStage.run(data, profile, seed, id, stage1Dir, progress);
    }

    /**
     * The upload of eq. 3 built from stage 1's outputs: this node's normal training images, read
     * again from {@code train/good}, and the DAM masks with their defect types. The DAM images,
     * the acquired defective images and the test split are not in it and cannot be.
     */
    public ServerUpload upload(Path stage1Dir) {
        NodeData data = load(stage1Dir);
        List<NormalImage> normals = new ArrayList<>();
        for (String name : data.trainGoodNames()) {
            normals.add(NormalImage.read(categoryDir, name, profile.resolution()));
        }
        List<LabelledMask> masks = new ArrayList<>();
        for (var type : PairFolder.readMasks(stage1Dir.resolve(DamStage.FOLDER)).entrySet()) {
            for (Map.Entry<String, Mask> m : type.getValue().entrySet()) {
                masks.add(new LabelledMask(m.getKey(), type.getKey(), m.getValue()));
            }
        }
        return new ServerUpload(id, data.name(), normals, masks);
    }
}
