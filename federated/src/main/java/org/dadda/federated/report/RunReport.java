package org.dadda.federated.report;

import org.dadda.diffusion.Prediction;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.report.render.Table;
import org.dadda.federated.report.render.Document;
import org.dadda.federated.report.render.ImageGrid;
import org.dadda.federated.report.render.LinePlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.augment.data.DefectiveFile;
import org.dadda.augment.data.MvtecCategory;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.Table3;
import org.dadda.federated.node.DamStage;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.node.PairFolder;
import org.dadda.federated.pipeline.Evaluation;
import org.dadda.federated.pipeline.FedAvgStage;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.pipeline.SynthesisStage;
import org.dadda.federated.quality.QualityReport;
import org.dadda.federated.run.Files2;

/**
 * Writes {@code report.md} and {@code report.html} into a run folder from the JSON and images the
 * stages left there: the paper's Tables I, II, III, VI and VII (per category, with averages), the
 * baselines beside D-ADDA, sample grids, ROC and PR curves and the Fig. 7 style prediction grid.
 * Parts whose stage has not run are listed as missing rather than left out silently.
 */
public final class RunReport {
    private record Unit(String category, String node, String label, Path dir) {
    }

    private final RunFolder run;
    private final Consumer<String> log;
    private final List<RunFolder> compared;

    /** A report of {@code run}. */
    public RunReport(RunFolder run, Consumer<String> log) {
        this(run, log, List.of());
    }

    /**
     * A report of {@code run} with the ablation tables (IV, V) over it and the run folders
     * {@code compared}, which must be on the same data.
     *
     * @throws IllegalArgumentException naming a compared folder on other data or at another resolution
     */
    public RunReport(RunFolder run, Consumer<String> log, List<RunFolder> compared) {
        for (RunFolder c : compared) {
            if (!c.sameData(run) || c.profile().resolution() != run.profile().resolution()) {
                throw new IllegalArgumentException("--compare " + c.root() + " is a run on " + c.config().data() + " at "
                        + c.profile().resolution() + "px; this report's run is on " + run.config().data() + " at "
                        + run.profile().resolution() + "px (compare runs on the same data and resolution)");
            }
        }
        this.run = run;
        this.log = log;
        this.compared = List.copyOf(compared);
    }

    /** Writes the report of {@code p}'s run folder (report.md and report.html); returns report.md. */
    public static Path write(Pipeline p) {
        return write(p, List.of());
    }

    /** As {@link #write(Pipeline)}, with Tables IV and V over this run and the run folders {@code compare}. */
    public static Path write(Pipeline p, List<Path> compare) {
        List<RunFolder> others = new ArrayList<>();
        for (Path c : compare) {
            others.add(RunFolder.open(c, null, null, null, false));
        }
        return new RunReport(p.run(), p.log(), others).write();
    }

    /** Writes the report; returns the path of report.md. */
    public Path write() {
        List<Unit> units = units();
        Document doc = new Document("D-ADDA run report");
        doc.paragraph("Run folder `" + run.root().toAbsolutePath() + "`, profile `" + run.profile().name() + "` ("
                + run.profile().resolution() + "x" + run.profile().resolution() + "), seed " + run.seed() + ", data `" + run.config().data()
                + "`. Written " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT)) + ".");
        doc.paragraph("Training sets compared side by side: " + variantsLine() + ". Models train from scratch unless a pre-trained"
                + " ResNet was given with --init (the paper's NoP rows are the from-scratch ones). F-Pro is the final epoch's accuracy"
                + " (fair, the default); U-Pro is the best epoch picked on the test set itself and is optimistic.");
        if (units.isEmpty()) {
            doc.paragraph("No node has run on this folder yet.");
        }
        Files2.createDirectories(run.figuresDir());
        quality(doc, units);
        classification(doc, units);
        detection(doc, units);
        List<RunFolder> all = new ArrayList<>(List.of(run));
        all.addAll(compared);
        AblationTables.write(doc, all);
        fedavg(doc, units);
        damTimings(doc, units);
        inference(doc, units);
        figures(doc, units);
        Path md = run.root().resolve("report.md");
        Files2.writeString(md, doc.toMarkdown());
        Files2.writeString(run.root().resolve("report.html"), doc.toHtml(run.root()));
        return md;
    }

    private static String variantsLine() {
        List<String> parts = new ArrayList<>();
        for (Variant v : Variant.values()) {
            parts.add(v.label() + " (" + v.description() + ")");
        }
        return String.join("; ", parts);
    }

    private List<Unit> units() {
        List<Unit> out = new ArrayList<>();
        for (String cat : run.categoriesWithNodes()) {
            List<String> nodes = run.nodes(cat);
            for (String n : nodes) {
                out.add(new Unit(cat, n, nodes.size() > 1 ? cat + " (" + n + ")" : cat, run.nodeDir(n, cat)));
            }
        }
        return out;
    }

    private Map<?, ?> metrics(Unit u) {
        Path f = run.evaluationDir(u.node(), u.category()).resolve(Evaluation.METRICS);
        return Files.isRegularFile(f) ? (Map<?, ?>) Files2.readJson(f) : null;
    }

    private static double get(Map<?, ?> m, String... path) {
        return org.dadda.federated.quality.Jsons.get(m, path);
    }

    /** The quality section, above Table I: whether the synthesized pairs are any good decides how to read the tables. */
    private void quality(Document doc, List<Unit> units) {
        List<Object> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Unit u : units) {
            Path f = run.qualityDir(u.node(), u.category()).resolve(QualityReport.FILE);
            if (Files.isRegularFile(f)) {
                found.add(Files2.readJson(f));
            } else {
                missing.add(u.label());
            }
        }
        if (found.isEmpty()) {
            doc.heading(2, "Synthesized-sample quality");
            doc.paragraph("Not measured yet (`dadda evaluate` measures it once synthesis and the DAM detector have run): nothing"
                    + " in this report shows whether the synthesized pairs are usable, so the D-ADDA columns are not evidence for"
                    + " the method.");
            return;
        }
        QualitySection.render(doc, Map.of("categories", found), run.figuresDir(), "quality-");
        missingNote(doc, missing, "quality");
        doc.paragraph("The fine-tuned G_I of this run sees the mask through conditioning `" + run.profile().conditioning()
                + "` (gates `" + run.profile().gateMode() + "`). The default is `both`, the paper's gated cross-attention and this"
                + " project's spatial path together, chosen on measured mask fidelity (docs/SETTINGS.md); `--conditioning"
                + " paper|spatial|both` and `--gate-mode` make the other settings, and `dadda report --compare` sets them side by"
                + " side in Table IV.");
        doc.paragraph(GenerativeSettings.of(run.profile()).maskPrediction() == Prediction.V
                ? "G_M of this run predicts the velocity v (Salimans and Ho 2022), this project's choice for the profiles below"
                        + " `paper`: a noise-predicting G_M left most masks of a few pixels empty, speckled or covering the image"
                        + " (docs/SETTINGS.md)."
                : "G_M of this run predicts the noise, as the paper's DDPMs.");
        doc.paragraph(run.profile().damLabel().equals("defect")
                ? "DAM samples of this run are labelled with the defect pixels their pasted patch carries (`--dam-label defect`,"
                        + " this project's default): the paper's label, the whole pasted region, also marks the normal pixels pasted"
                        + " around the defect, and a detector trained on it localizes worse (docs/SETTINGS.md). G_M, the fine-tuned"
                        + " G_I and the detectors all learn from these labels."
                : "DAM samples of this run are labelled with the paper's augmented mask, the whole pasted region (`--dam-label"
                        + " region`), which also marks the normal pixels pasted around the defect; `--dam-label defect` labels only the"
                        + " defect pixels the patch carries (docs/SETTINGS.md).");
    }

    private void classification(Document doc, List<Unit> units) {
        doc.heading(2, "Table I: classification accuracy (%)");
        int nv = Variant.values().length;
        List<String> head = new ArrayList<>(List.of("Category"));
        for (int k = 0; k < 2; k++) {
            for (Variant v : Variant.values()) {
                head.add(v.label());
            }
        }
        head.add("Majority");
        Table t = new Table("Defect-type classification accuracy (%), F_cls = ResNet-" + run.profile().classifierDepth()
                + repeatsNote(), head).group("U-Pro", nv).group("F-Pro", nv).group("", 1);
        double[][] sums = new double[2 * nv + 1][2];
        List<String> missing = new ArrayList<>();
        for (Unit u : units) {
            Map<?, ?> m = metrics(u);
            if (m == null) {
                missing.add(u.label());
                continue;
            }
            List<String> row = new ArrayList<>(List.of(u.label()));
            int col = 0;
            for (String proto : List.of("u_pro", "f_pro")) {
                for (Variant v : Variant.values()) {
                    row.add(meanStd(m, sums[col++], "classification", v.id(), proto));
                }
            }
            double maj = get(m, "classification", Variant.REAL.id(), "majority");
            row.add(Table.pct(maj));
            add(sums[2 * nv], maj);
            t.row(row);
        }
        if (t.rowCount() > 1) {
            t.row(averageRow(sums), true);
        }
        t.notes("U-Pro: best epoch chosen on the test set (optimistic, as prior work reports). F-Pro: final epoch (fair)."
                + " Majority: accuracy of always answering the most frequent test class. Every training set holds the real"
                + " training defects; DAM, D-ADDA and D-ADDA+DAM add the same number of samples per defect type.");
        doc.table(t);
        missingNote(doc, missing, "evaluation");
    }

    private String repeatsNote() {
        int r = run.profile().repeats();
        return r > 1 ? " (mean ± std over " + r + " repeats, each with its own seed)" : "";
    }

    /**
     * The cell of a metric at {@code path} (variant, then metric names): {@code mean ± std} in
     * percent when the metrics hold several repeats, else the single value; adds the mean to
     * {@code sum}.
     */
    private static String meanStd(Map<?, ?> m, double[] sum, String section, String variant, String... metric) {
        String[] single = concat(new String[] {section, variant}, metric);
        boolean repeated = get(m, "repeats") > 1;
        double x = repeated ? get(m, concat(new String[] {section, variant, "mean"}, metric)) : get(m, single);
        add(sum, x);
        if (!repeated || Double.isNaN(x)) {
            return Table.pct(x);
        }
        return Table.pct(x) + " ± " + Table.pct(get(m, concat(new String[] {section, variant, "std"}, metric)));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void add(double[] acc, double x) {
        if (!Double.isNaN(x)) {
            acc[0] += x;
            acc[1]++;
        }
    }

    private static List<String> averageRow(double[][] sums) {
        List<String> row = new ArrayList<>(List.of("Average"));
        for (double[] s : sums) {
            row.add(Table.pct(s[1] == 0 ? Double.NaN : s[0] / s[1]));
        }
        return row;
    }

    private static void missingNote(Document doc, List<String> missing, String stage) {
        if (!missing.isEmpty()) {
            doc.paragraph("Not yet evaluated (" + stage + " missing): " + String.join(", ", missing) + ".");
        }
    }

    private void detection(Document doc, List<Unit> units) {
        doc.heading(2, "Table II: detection and localization (%)");
        for (String task : List.of("detection", "localization")) {
            boolean loc = task.equals("localization");
            List<String> metricsKeys = loc ? List.of("auroc", "ap", "f1_max", "aupro") : List.of("auroc", "ap", "f1_max");
            List<String> head = new ArrayList<>(List.of("Category"));
            Table t;
            for (Variant v : Variant.values()) {
                for (String k : metricsKeys) {
                    head.add(label(k));
                }
            }
            t = new Table((loc ? "Localization (pixel level)" : "Detection (image level, score = max of the predicted map)")
                    + ", F_det/loc = segmentation U-Net" + repeatsNote(), head);
            for (Variant v : Variant.values()) {
                t.group(v.label(), metricsKeys.size());
            }
            double[][] sums = new double[Variant.values().length * metricsKeys.size()][2];
            for (Unit u : units) {
                Map<?, ?> m = metrics(u);
                if (m == null) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(u.label()));
                int col = 0;
                for (Variant v : Variant.values()) {
                    for (String k : metricsKeys) {
                        row.add(meanStd(m, sums[col++], "detectors", v.id(), task, k));
                    }
                }
                t.row(row);
            }
            if (t.rowCount() > 1) {
                t.row(averageRow(sums), true);
            }
            t.notes(loc ? "AUC, AP and F1-max over all test pixels; AUPRO up to 30% FPR."
                    : "Image score = maximum of the predicted anomaly map. n/a: not run, or undefined (a test split without"
                    + " normal images has no image-level negatives).");
            doc.table(t);
        }
    }

    private static String label(String k) {
        return switch (k) {
            case "auroc" -> "AUC";
            case "ap" -> "AP";
            case "f1_max" -> "F1-max";
            case "aupro" -> "AUPRO";
            default -> k;
        };
    }

    private void fedavg(Document doc, List<Unit> units) {
        doc.heading(2, "Table III: distributed classification accuracy (%)");
        boolean any = false;
        for (Unit u : units) {
            Path f = run.fedavgDir(u.node(), u.category()).resolve(FedAvgStage.TABLE);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            any = true;
            Map<?, ?> j = (Map<?, ?>) Files2.readJson(f);
            Table t = new Table(u.label() + ": FedAvg of F_cls, R = " + j.get("rounds") + " rounds, N_d = " + j.get("defect_types")
                    + ", init " + j.get("init"), List.of("Num. clients", "B", "E", "IID", "U-Pro", "F-Pro", "Round (ms)", "Aggregation"));
            for (Object o : (List<?>) j.get("rows")) {
                Table3.Row r = Table3.fromJson((Map<?, ?>) o);
                t.row(List.of(r.clientsLabel(), r.centralized() ? "–" : Integer.toString(r.batch()),
                        r.centralized() ? "–" : Integer.toString(r.epochs()), r.centralized() ? "–" : (r.iid() ? "✓" : "✗"),
                        Table.pct(r.uPro()), Table.pct(r.fPro()), Table.num(r.meanRoundMs(), 0), Table.pct(r.aggregationShare()) + "%"));
            }
            t.notes("B = local batch size; E = local epochs. The first row is the centralized reference (one client holding all"
                    + " the data, E = the grid's largest). U-Pro = best round on the test set (optimistic); F-Pro = final round."
                    + " Aggregation = share of a round's wall time spent averaging the weights.");
            doc.table(t);
            Path fig = run.figuresDir().resolve(u.category() + "-" + u.node() + "-fig7.png");
            if (Files.isRegularFile(run.fedavgDir(u.node(), u.category()).resolve(FedAvgStage.FIGURE))) {
                copy(run.fedavgDir(u.node(), u.category()).resolve(FedAvgStage.FIGURE), fig);
                doc.figure(rel(fig), u.label() + ": predictions of the federated classifier on test images under the centralized,"
                        + " non-IID and IID settings (as the paper's Fig. 7); green = right, red = wrong, with the confidence.");
            }
        }
        if (!any) {
            doc.paragraph("Not run yet: `dadda fedavg` writes this table.");
        }
    }

    private void damTimings(Document doc, List<Unit> units) {
        doc.heading(2, "Table VI: DAM timings (s per generated image)");
        List<String[]> steps = List.of(new String[] {"superpixel_extraction", "Superpixel extr."},
                new String[] {"alignment", "Alignment"}, new String[] {"mask_creation_and_augmentation", "Mask creat. and augm."},
                new String[] {"data_quality_assessment", "Data qual. assess."}, new String[] {"total", "Total"});
        boolean any = false;
        for (Unit u : units) {
            Path f = run.stage1Dir(u.node(), u.category()).resolve(DamStage.TIMINGS);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            any = true;
            Map<?, ?> j = (Map<?, ?>) Files2.readJson(f);
            List<String> types = new ArrayList<>();
            j.keySet().forEach(k -> types.add(String.valueOf(k)));
            List<String> head = new ArrayList<>(List.of("Step"));
            head.addAll(types);
            Table t = new Table(u.label() + ": average DAM time per generated image (mean ± std, s)", head);
            for (String[] s : steps) {
                List<String> row = new ArrayList<>(List.of(s[1]));
                for (String ty : types) {
                    Map<?, ?> st = (Map<?, ?>) ((Map<?, ?>) j.get(ty)).get(s[0]);
                    row.add(Table.num(get(st, "mean_s"), 3) + " ± " + Table.num(get(st, "std_s"), 3));
                }
                t.row(row, s[0].equals("total"));
            }
            List<String> acc = new ArrayList<>(List.of("Passed eq. 4 / samples"));
            for (String ty : types) {
                Map<?, ?> st = (Map<?, ?>) j.get(ty);
                acc.add(Table.num(get(st, "accepted_by_quality_check"), 0) + " / " + Table.num(get(st, "samples"), 0));
            }
            t.row(acc);
            t.notes("Superpixels are computed once per normal image and shared between samples; its row averages the samples"
                    + " that computed them. Machine-dependent: for comparison between steps, not with the paper's seconds.");
            doc.table(t);
        }
        if (!any) {
            doc.paragraph("Not run yet: `dadda augment` writes the DAM timings.");
        }
    }

    private void inference(Document doc, List<Unit> units) {
        doc.heading(2, "Table VII: inference cost per image (D-ADDA models)");
        Table t = new Table("Per-image latency (read, resize, normalise, forward; batch 1) and heap allocation on this machine",
                List.of("Category", "Model", "Params (M)", "Latency (ms)", "Heap alloc. (MB)", "Images"));
        for (Unit u : units) {
            Map<?, ?> m = metrics(u);
            if (m == null || !(m.get("inference") instanceof Map<?, ?> inf)) {
                continue;
            }
            for (String model : List.of("classifier", "detector")) {
                if (inf.get(model) instanceof Map<?, ?> c) {
                    t.row(List.of(u.label(), model.equals("classifier") ? "Classification" : "Detection/Localization",
                            Table.num(get(c, "parameters") / 1e6, 2),
                            Table.num(get(c, "latency_ms_mean"), 2) + " ± " + Table.num(get(c, "latency_ms_std"), 2),
                            Table.num(get(c, "heap_alloc_mb_mean"), 2) + " ± " + Table.num(get(c, "heap_alloc_mb_std"), 2),
                            Table.num(get(c, "images"), 0)));
                }
            }
        }
        t.notes("The paper's Table VII (9.04 ms and 11.49 ms) is on a GPU at 128x128; these run on the CPU at the profile's"
                + " resolution. The JMH benchmark InferenceBench measures both models at 128x128, batch 1.");
        doc.table(t);
    }

    private void figures(Document doc, List<Unit> units) {
        doc.heading(2, "Figures");
        for (Unit u : units) {
            doc.heading(3, u.label());
            Path grid = run.figuresDir().resolve(u.category() + "-" + u.node() + "-samples.png");
            if (sampleGrid(u, grid)) {
                doc.figure(rel(grid), u.label() + ": normal images, real defective images, DAM samples and synthesized image/mask pairs");
            }
            Map<?, ?> m = metrics(u);
            if (m == null) {
                continue;
            }
            for (String[] c : List.of(new String[] {"image_roc", "Detection ROC (image level)", "FPR", "TPR"},
                    new String[] {"image_pr", "Detection PR (image level)", "Recall", "Precision"},
                    new String[] {"pixel_roc", "Localization ROC (pixel level)", "FPR", "TPR"},
                    new String[] {"pixel_pr", "Localization PR (pixel level)", "Recall", "Precision"})) {
                LinePlot plot = new LinePlot(u.label() + ": " + c[1], c[2], c[3]).unitSquare();
                if (c[0].endsWith("roc")) {
                    plot.diagonal();
                }
                boolean has = false;
                for (Variant v : Variant.values()) {
                    Object pts = m.get("detectors") instanceof Map<?, ?> d && d.get(v.id()) instanceof Map<?, ?> dv ? dv.get(c[0]) : null;
                    double[][] xy = points(pts);
                    if (xy != null && xy[0].length > 0) {
                        plot.series(v.label(), xy[0], xy[1]);
                        has = true;
                    }
                }
                if (has) {
                    Path f = run.figuresDir().resolve(u.category() + "-" + u.node() + "-" + c[0].replace('_', '-') + ".png");
                    plot.writePng(f, 520, 400);
                    doc.figure(rel(f), u.label() + ": " + c[1]);
                }
            }
        }
    }

    private static double[][] points(Object o) {
        if (!(o instanceof List<?> l) || l.size() != 2) {
            return null;
        }
        double[][] out = new double[2][];
        for (int k = 0; k < 2; k++) {
            List<?> a = (List<?>) l.get(k);
            out[k] = new double[a.size()];
            for (int i = 0; i < a.size(); i++) {
                out[k][i] = a.get(i) == null ? Double.NaN : ((Number) a.get(i)).doubleValue();
            }
        }
        return out;
    }

    private boolean sampleGrid(Unit u, Path file) {
        ImageGrid g = new ImageGrid(u.label() + ": samples", 64);
        Path cat = run.categoryDir(u.category());
        List<String> good = Files2.listFiles(cat.resolve("train/good"));
        if (!good.isEmpty()) {
            g.row("normal");
            for (String f : good.subList(0, Math.min(6, good.size()))) {
                g.add(ImageFiles.readRgb(cat.resolve("train/good").resolve(f)), "");
            }
        }
        Path stage1 = run.stage1Dir(u.node(), u.category());
        Map<String, List<LabelledPair>> dam = PairFolder.read(stage1.resolve(DamStage.FOLDER));
        Map<String, List<LabelledPair>> synth = PairFolder.read(run.synthesisDir(u.node(), u.category()).resolve(SynthesisStage.PAIRS));
        Map<String, List<LabelledPair>> real = acquiredTraining(cat, stage1);
        for (String type : dam.isEmpty() ? real.keySet() : dam.keySet()) {
            addPairs(g, "real " + type, real.get(type));
            addPairs(g, "DAM " + type, dam.get(type));
            addPairs(g, "synth " + type, synth.get(type));
        }
        if (g.rowCount() == 0) {
            return false;
        }
        g.writePng(file);
        return true;
    }

    /** The acquired defective training images of the node's split, by type (at most three per type). */
    private static Map<String, List<LabelledPair>> acquiredTraining(Path cat, Path stage1) {
        Map<String, List<LabelledPair>> out = new java.util.LinkedHashMap<>();
        Path splitFile = stage1.resolve(DatasetSplit.FILE_NAME);
        if (!Files.isRegularFile(splitFile)) {
            return out;
        }
        DatasetSplit split = DatasetSplit.read(splitFile);
        MvtecCategory c = MvtecCategory.open(cat);
        for (String type : split.defectTypes()) {
            List<String> paths = split.trainDefective(type);
            List<LabelledPair> l = new ArrayList<>();
            for (DefectiveFile f : DatasetSplit.resolve(c, type, paths.subList(0, Math.min(3, paths.size())))) {
                l.add(new LabelledPair(type, f.stem(), ImageFiles.readRgb(f.image()), ImageFiles.readMask(f.mask())));
            }
            out.put(type, l);
        }
        return out;
    }

    private static void addPairs(ImageGrid g, String label, List<LabelledPair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        g.row(label);
        for (LabelledPair p : pairs.subList(0, Math.min(3, pairs.size()))) {
            g.add(p.image(), p.name());
            g.add(p.mask(), "mask");
        }
    }

    private String rel(Path p) {
        return run.root().toAbsolutePath().relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    }

    private static void copy(Path from, Path to) {
        try {
            Files2.writeBytes(to, Files.readAllBytes(from));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy " + from, e);
        }
    }
}
