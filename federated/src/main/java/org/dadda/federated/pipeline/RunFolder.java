package org.dadda.federated.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dadda.federated.config.Profile;
import org.dadda.federated.config.ProfileOverrides;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.FolderTransport;

/**
 * The layout of a run folder. Each stage writes into its own folder, which carries a completion
 * marker ({@link org.dadda.federated.run.StageMarker}); the node's and the server's parts are
 * apart so that they can live on different machines, joined by the exchange folder.
 *
 * <pre>
 * RUN/run.json                                  profile, seed, data (written once)
 * RUN/data/                                     the built-in dataset, when no --data was given
 * RUN/exchange/uploads/NODE/CATEGORY/            what nodes send (normal images, masks, manifest)
 * RUN/exchange/releases/CATEGORY/               what the server publishes (weights)
 * RUN/nodes/NODE/CATEGORY/stage1/               split, DAM samples, DAM timings
 * RUN/server/CATEGORY/stage2/                   G_I and G_M training
 * RUN/nodes/NODE/CATEGORY/stage3-synthesis/     fine-tuned G_I, sampled masks, synthesized pairs
 * RUN/nodes/NODE/CATEGORY/stage3-classifier-V/  F_cls per training-set variant V (real, dam, dadda)
 * RUN/nodes/NODE/CATEGORY/stage3-detector-V/    F_det/loc per variant
 * RUN/nodes/NODE/CATEGORY/stage3-evaluation/    metrics, curves, latency
 * RUN/nodes/NODE/CATEGORY/fedavg/               Table III grid
 * RUN/report.md, RUN/report.html, RUN/figures/  the report
 * </pre>
 */
public final class RunFolder {
    /** Name of the run configuration file. */
    public static final String CONFIG = "run.json";
    /** The node id used when none is given. */
    public static final String DEFAULT_NODE = "node1";

    private final Path root;
    private final RunConfig config;

    private RunFolder(Path root, RunConfig config) {
        this.root = root;
        this.config = config;
    }

    /**
     * Opens the run folder {@code root}, creating {@code run.json} from the given settings when it
     * does not exist yet. Settings given for an existing folder must equal the recorded ones.
     *
     * @param profileName the profile, or null for the recorded one (quick for a new folder)
     * @param seed the seed, or null for the recorded one (0 for a new folder)
     * @param data the dataset root or one category folder, or null for the recorded one
     * @throws IllegalArgumentException when a new folder gets no data, or a given setting
     *     contradicts the recorded one
     */
    public static RunFolder open(Path root, String profileName, Long seed, Path data) {
        return open(root, profileName, seed, data, true);
    }

    /**
     * As {@link #open(Path, String, Long, Path)}; with {@code needsData} false a new folder may be
     * made without data (a server-only run folder on the central server's machine).
     */
    public static RunFolder open(Path root, String profileName, Long seed, Path data, boolean needsData) {
        return open(root, profileName, ProfileOverrides.NONE, seed, data, needsData);
    }

    /**
     * As {@link #open(Path, String, Long, Path, boolean)}, with settings on top of the named profile
     * ({@code --repeats}, {@code --conditioning}, {@code --gate-mode}); for an existing folder they
     * must equal the recorded ones.
     */
    public static RunFolder open(Path root, String profileName, ProfileOverrides overrides, Long seed, Path data,
                                 boolean needsData) {
        Path file = root.resolve(CONFIG);
        if (Files.isRegularFile(file)) {
            RunConfig rc = RunConfig.fromJson(Files2.readJson(file), file.toString());
            if (profileName != null && !Profile.named(profileName).name().equals(rc.profile().name())) {
                throw new IllegalArgumentException(root + " was made with --profile " + rc.profile().name()
                        + "; use another --out for --profile " + profileName);
            }
            java.util.List<String> conflicts = overrides.conflicts(rc.profile());
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException(root + " was made with other settings: " + String.join(", ", conflicts)
                        + "; use another --out");
            }
            if (seed != null && seed != rc.seed()) {
                throw new IllegalArgumentException(root + " was made with --seed " + rc.seed() + "; use another --out for --seed " + seed);
            }
            if (data != null && rc.data() == null) {
                rc = new RunConfig(rc.profile(), rc.seed(), Datasets.root(data));
                Files2.writeJson(file, rc.toJson());
            } else if (data != null && !Datasets.root(data).equals(rc.data().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(root + " was made with --data " + rc.data() + "; use another --out for --data " + data);
            }
            return new RunFolder(root, rc);
        }
        if (data == null && needsData) {
            throw new IllegalArgumentException(root + " is not a run folder yet (no " + CONFIG + "): give --data DIR");
        }
        Profile p = overrides.apply(Profile.named(profileName == null ? "quick" : profileName));
        return create(root, new RunConfig(p, seed == null ? 0 : seed, data == null ? null : Datasets.root(data)));
    }

    /** Creates (or re-opens with the same settings) a run folder with an explicit configuration, e.g. a custom profile. */
    public static RunFolder create(Path root, RunConfig config) {
        Path file = root.resolve(CONFIG);
        if (Files.isRegularFile(file)) {
            RunConfig rc = RunConfig.fromJson(Files2.readJson(file), file.toString());
            if (!rc.toJson().equals(config.toJson())) {
                throw new IllegalArgumentException(root + " already holds a run with other settings (" + file + ")");
            }
            return new RunFolder(root, rc);
        }
        Files2.createDirectories(root);
        Files2.writeJson(file, config.toJson());
        return new RunFolder(root, config);
    }

    /** Whether {@code root} already holds a run configuration. */
    public static boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(CONFIG));
    }

    /** The run folder. */
    public Path root() {
        return root;
    }

    /** The recorded settings. */
    public RunConfig config() {
        return config;
    }

    /** The profile. */
    public Profile profile() {
        return config.profile();
    }

    /** The seed. */
    public long seed() {
        return config.seed();
    }

    /** The category folder of {@code category} in the dataset. */
    public Path categoryDir(String category) {
        return Datasets.category(data(), category);
    }

    /** Every category of the dataset, sorted. */
    public List<String> categories() {
        return Datasets.categories(data());
    }

    private Path data() {
        if (config.data() == null) {
            throw new IllegalArgumentException(root + " is a server-only run folder (no dataset): give --data DIR for node commands");
        }
        return config.data();
    }

    /**
     * Copies stage 1 of {@code node} and the server's stage 2 for {@code category} from the run
     * folder {@code other} into this one, where this one has neither yet: an ablation run (another
     * conditioning, gate mode or number of repeats) then redoes only stage 3. Nothing is trusted
     * blindly: each copied stage is skipped only when its marker's inputs key equals the one this
     * run computes (same data, seed and settings), and runs again otherwise.
     *
     * @return whether anything was copied
     * @throws IllegalArgumentException when {@code other} is not a run folder on the same data
     */
    public boolean reuseUpstream(Path other, String category, String node) {
        RunFolder from = open(other, null, null, null, false);
        if (!sameData(from)) {
            throw new IllegalArgumentException("--reuse-from " + other + " holds a run on data " + from.config.data()
                    + ", this run is on " + config.data());
        }
        boolean copied = false;
        for (Path[] p : List.of(new Path[] {from.nodeDir(node, category).resolve("node.json"), nodeDir(node, category).resolve("node.json")},
                new Path[] {from.stage1Dir(node, category), stage1Dir(node, category)},
                new Path[] {from.stage2Dir(category), stage2Dir(category)})) {
            if (Files.exists(p[0]) && !Files.exists(p[1])) {
                if (Files.isDirectory(p[0])) {
                    Files2.copyTree(p[0], p[1]);
                } else {
                    Files2.copyFile(p[0], p[1]);
                }
                copied = true;
            }
        }
        return copied;
    }

    /** The exchange folder between nodes and server. */
    public Path exchange() {
        return root.resolve("exchange");
    }

    /** The folder transport over {@link #exchange()}. */
    public FolderTransport transport() {
        return new FolderTransport(exchange());
    }

    /** A node's folder for a category. */
    public Path nodeDir(String node, String category) {
        return root.resolve("nodes").resolve(node).resolve(category);
    }

    /** Stage 1 of a node. */
    public Path stage1Dir(String node, String category) {
        return nodeDir(node, category).resolve("stage1");
    }

    /** Stage 2 of the server. */
    public Path stage2Dir(String category) {
        return root.resolve("server").resolve(category).resolve("stage2");
    }

    /** Stage 3 synthesis of a node. */
    public Path synthesisDir(String node, String category) {
        return nodeDir(node, category).resolve("stage3-synthesis");
    }

    /** Classifier training of a node for a training-set variant. */
    public Path classifierDir(String node, String category, String variant) {
        return nodeDir(node, category).resolve("stage3-classifier-" + variant);
    }

    /** Detector training of a node for a training-set variant. */
    public Path detectorDir(String node, String category, String variant) {
        return nodeDir(node, category).resolve("stage3-detector-" + variant);
    }

    /** Whether this run and {@code other} both have a dataset and it is the same folder. */
    public boolean sameData(RunFolder other) {
        return config.data() != null && other.config.data() != null
                && config.data().toAbsolutePath().normalize().equals(other.config.data().toAbsolutePath().normalize());
    }

    /** The categories some node has worked on in this run folder (folders {@code nodes/NODE/CATEGORY}), sorted. */
    public List<String> categoriesWithNodes() {
        List<String> cats = new java.util.ArrayList<>();
        for (String rel : Files2.listFiles(root.resolve("nodes"))) {
            String[] p = rel.split("/");
            if (p.length >= 3 && !cats.contains(p[1])) {
                cats.add(p[1]);
            }
        }
        cats.sort(null);
        return cats;
    }

    /** The quality measures of a node's synthesized pairs. */
    public Path qualityDir(String node, String category) {
        return nodeDir(node, category).resolve("stage3-quality");
    }

    /** Evaluation of a node. */
    public Path evaluationDir(String node, String category) {
        return nodeDir(node, category).resolve("stage3-evaluation");
    }

    /** Table III grid of a node. */
    public Path fedavgDir(String node, String category) {
        return nodeDir(node, category).resolve("fedavg");
    }

    /** The report's figures. */
    public Path figuresDir() {
        return root.resolve("figures");
    }

    /** Nodes that have a folder for {@code category}, sorted. */
    public List<String> nodes(String category) {
        Path nodes = root.resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(nodes)) {
            return s.filter(p -> Files.isDirectory(p.resolve(category))).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nodes, e);
        }
    }
}
