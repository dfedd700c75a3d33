package org.dadda.federated.report;

import org.dadda.federated.report.render.Table;
import org.dadda.federated.report.render.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dadda.federated.config.GenerativeSettings;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.pipeline.Evaluation;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.quality.Jsons;
import org.dadda.federated.quality.QualityReport;
import org.dadda.federated.run.Files2;

/**
 * The paper's ablations as far as a set of run folders on the same data can show them: Table IV
 * (how the fine-tuned G_I is conditioned on the mask: the paper's gates, and this project's
 * spatial path) and Table V (diffusion steps T and training steps). Each row is one run's D-ADDA
 * figures (mean over its repeats) with its mask-fidelity and realism figures; a table appears
 * only when the runs differ in what it ablates.
 */
final class AblationTables {
    private record Row(String label, RunFolder run, String category, String node, Map<?, ?> metrics, Map<?, ?> quality) {
    }

    private AblationTables() {
    }

    /** Adds Tables IV and V for {@code runs} (the report's own run first), where they differ. */
    static void write(Document doc, List<RunFolder> runs) {
        if (runs.size() < 2) {
            return;
        }
        table(doc, runs, "Table IV: conditioning of the fine-tuned G_I (gate ablation)",
                r -> "conditioning " + r.profile().conditioning() + (r.profile().conditioning().equals("spatial") ? ""
                        : ", gates " + r.profile().gateMode()),
                "IdentityRows: runs on the same data that differ in how G_I sees the mask. The paper's Table IV compares the normal gate,"
                        + " the defect gate and both (conditioning paper); spatial and both add this project's SPADE-style path.");
        table(doc, runs, "Table V: diffusion and training steps",
                r -> {
                    GenerativeSettings g = GenerativeSettings.of(r.profile());
                    return "T = " + g.diffusionSteps() + ", G_I " + g.imageTraining().steps() + " steps";
                },
                "IdentityRows: runs on the same data that differ in the diffusion profile (the paper's Table V compares T = 250 with"
                        + " 10,000 training steps against T = 1000 with 30,000).");
    }

    private static void table(Document doc, List<RunFolder> runs, String title, Function<RunFolder, String> label, String note) {
        Map<String, List<Row>> byCategory = new LinkedHashMap<>();
        for (RunFolder r : runs) {
            for (String cat : r.categoriesWithNodes()) {
                for (String node : r.nodes(cat)) {
                    // A run with quality measures but no evaluation (a stage-3 ablation of the generator
                    // alone) still gives a row: its downstream cells read n/a.
                    Path m = r.evaluationDir(node, cat).resolve(Evaluation.METRICS);
                    Path q = r.qualityDir(node, cat).resolve(QualityReport.FILE);
                    if (!Files.isRegularFile(m) && !Files.isRegularFile(q)) {
                        continue;
                    }
                    byCategory.computeIfAbsent(cat + " (" + node + ")", k -> new ArrayList<>()).add(new Row(label.apply(r), r, cat, node,
                            Files.isRegularFile(m) ? (Map<?, ?>) Files2.readJson(m) : Map.of(),
                            Files.isRegularFile(q) ? (Map<?, ?>) Files2.readJson(q) : null));
                }
            }
        }
        boolean shown = false;
        for (Map.Entry<String, List<Row>> e : byCategory.entrySet()) {
            List<Row> rows = e.getValue();
            if (rows.stream().map(Row::label).distinct().count() < 2) {
                continue;
            }
            if (!shown) {
                doc.heading(2, title);
                shown = true;
            }
            Table t = new Table(e.getKey() + ": D-ADDA (mean over repeats)", List.of("Setting", "Run", "F-Pro", "U-Pro",
                    "Det. AUC", "Det. AP", "Det. F1-max", "Loc. AUC", "Loc. AP", "Loc. F1-max", "Mask fidelity AUC",
                    "2-sample acc."));
            for (Row r : rows) {
                List<String> cells = new ArrayList<>(List.of(r.label(), r.run().root().getFileName().toString()));
                cells.add(Table.pct(mean(r.metrics(), "classification", "f_pro")));
                cells.add(Table.pct(mean(r.metrics(), "classification", "u_pro")));
                for (String task : List.of("detection", "localization")) {
                    for (String k : List.of("auroc", "ap", "f1_max")) {
                        cells.add(Table.pct(mean(r.metrics(), "detectors", task, k)));
                    }
                }
                cells.add(Table.num(worst(r.quality(), "fidelity", "synthesized", "auroc", false), 3));
                cells.add(Table.num(worst(r.quality(), "realism", "accuracy", null, true), 2));
                t.row(cells);
            }
            t.notes(note + " Mask fidelity and two-sample accuracy: the worst defect type's. n/a: that run has not trained or"
                    + " evaluated the D-ADDA models.");
            doc.table(t);
        }
    }

    /** The D-ADDA variant's figure at {@code path}: the mean over repeats where there are several. */
    private static double mean(Map<?, ?> m, String section, String... path) {
        String[] withMean = new String[path.length + 3];
        withMean[0] = section;
        withMean[1] = Variant.DADDA.id();
        withMean[2] = "mean";
        System.arraycopy(path, 0, withMean, 3, path.length);
        double x = Jsons.get(m, withMean);
        if (!Double.isNaN(x)) {
            return x;
        }
        String[] single = new String[path.length + 2];
        single[0] = section;
        single[1] = Variant.DADDA.id();
        System.arraycopy(path, 0, single, 2, path.length);
        return Jsons.get(m, single);
    }

    /** The worst value over defect types of a quality figure ({@code higherIsWorse} for the two-sample accuracy). */
    private static double worst(Map<?, ?> q, String a, String b, String c, boolean higherIsWorse) {
        if (q == null || !(q.get("types") instanceof Map<?, ?> types)) {
            return Double.NaN;
        }
        double w = Double.NaN;
        for (Object t : types.values()) {
            double x = c == null ? Jsons.get(t, a, b) : Jsons.get(t, a, b, c);
            if (!Double.isNaN(x) && (Double.isNaN(w) || (higherIsWorse ? x > w : x < w))) {
                w = x;
            }
        }
        return w;
    }
}
