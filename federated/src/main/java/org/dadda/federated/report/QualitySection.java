package org.dadda.federated.report;

import org.dadda.federated.report.render.Table;
import org.dadda.federated.report.render.Document;
import org.dadda.federated.report.render.LinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dadda.federated.quality.Jsons;
import org.dadda.federated.quality.LossCurves;
import org.dadda.federated.quality.QualityReport;
import org.dadda.federated.quality.QualityVerdict;

/**
 * The report's "Synthesized-sample quality" section, drawn from the {@code quality.json} files
 * that {@link QualityReport#measure} results were written to, with the generative models' loss
 * curves.
 */
public final class QualitySection {
    private QualitySection() {
    }

    /**
     * Adds the "Synthesized-sample quality" section for {@code qualityJson}: either one
     * {@link QualityReport#measure} result or {@code {"categories": [result, ...]}}. Loss curves named in a
     * result are plotted to {@code figuresDir/<figurePrefix><category>-<node>-loss.png}; figure paths
     * in the document are relative to {@code figuresDir}'s parent, where the report is written.
     */
    public static void render(Document doc, Map<?, ?> qualityJson, Path figuresDir, String figurePrefix) {
        doc.heading(2, "Synthesized-sample quality");
        doc.paragraph("Three measures of the synthesized image/mask pairs per defect type, none needing a pre-trained network."
                + " Realism: held-out accuracy of a small CNN trained to tell synthesized from real images (0.5 = indistinguishable,"
                + " 1 = trivially fake; classifier two-sample test), against real defective images of the type where there are at least "
                + QualityReport.MIN_DEFECTIVE_REFERENCE + ", else against normal images. Mask fidelity: pixel AUROC of a detector's maps on the"
                + " synthesized images against their masks, next to the same on real defective test images (the ceiling). Mask"
                + " plausibility: share of synthesized masks that are empty, noise or cover the image, judged against the real masks.");
        List<Map<?, ?>> cats = new ArrayList<>();
        if (qualityJson.get("categories") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    cats.add(m);
                }
            }
        } else {
            cats.add(qualityJson);
        }
        for (Map<?, ?> cat : cats) {
            renderCategory(doc, cat, figuresDir, figurePrefix);
        }
    }

    private static void renderCategory(Document doc, Map<?, ?> cat, Path figuresDir, String figurePrefix) {
        String name = String.valueOf(cat.get("category"));
        String node = cat.get("node") == null ? "" : String.valueOf(cat.get("node"));
        String label = node.isEmpty() ? name : name + " (" + node + ")";
        Table table = new Table(label + ": synthesized-sample quality", List.of("Type", "Reference", "2-sample acc ± se",
                "Held-out/side", "AUROC synth", "AUROC real", "Mask failures", "Area median real/synth",
                "Components mean real/synth", "Verdict"));
        List<String> sentences = new ArrayList<>();
        if (cat.get("types") instanceof Map<?, ?> types) {
            for (Map.Entry<?, ?> e : types.entrySet()) {
                String type = String.valueOf(e.getKey());
                Object t = e.getValue();
                Map<?, ?> realism = t instanceof Map<?, ?> m && m.get("realism") instanceof Map<?, ?> r ? r : Map.of();
                Map<?, ?> verdict = t instanceof Map<?, ?> m && m.get("verdict") instanceof Map<?, ?> v ? v : Map.of();
                String status = String.valueOf(verdict.get("status"));
                boolean low = Boolean.TRUE.equals(realism.get("low_power"));
                table.row(List.of(type,
                        String.valueOf(realism.get("reference")),
                        Table.num(Jsons.get(t, "realism", "accuracy"), 2) + " ± " + Table.num(Jsons.get(t, "realism", "se"), 2),
                        count(Jsons.get(t, "realism", "held_out_per_side")) + (low ? " (low power)" : ""),
                        Table.num(Jsons.get(t, "fidelity", "synthesized", "auroc"), 3),
                        Table.num(Jsons.get(t, "fidelity", "real", "auroc"), 3),
                        Table.pct(Jsons.get(t, "plausibility", "failure_rate")) + "%",
                        Table.num(Jsons.get(t, "plausibility", "real", "area_median"), 3) + " / "
                                + Table.num(Jsons.get(t, "plausibility", "synthesized", "area_median"), 3),
                        Table.num(Jsons.get(t, "plausibility", "real", "components_mean"), 1) + " / "
                                + Table.num(Jsons.get(t, "plausibility", "synthesized", "components_mean"), 1),
                        status));
                String why = verdict.get("reasons") instanceof List<?> rs && !rs.isEmpty() ? String.valueOf(rs.get(0)) : "no reason recorded";
                if (QualityVerdict.Status.NOT_USABLE.label().equals(status)) {
                    sentences.add("The synthesized pairs of " + name + "/" + type + " are not usable (" + why + "); the D-ADDA columns"
                            + " below measure training on them and are not evidence for the method.");
                } else if (!QualityVerdict.Status.USABLE.label().equals(status)) {
                    sentences.add("The quality of the synthesized pairs of " + name + "/" + type + " is not shown (" + why + "); the"
                            + " D-ADDA columns below are not evidence for the method on this type.");
                }
            }
        }
        Object det = cat.get("detector");
        table.notes("Detector for mask fidelity: " + (det == null ? "none" : det) + ". Verdict thresholds: two-sample accuracy <= 0.75,"
                + " synthesized pixel AUROC >= 0.85, mask failure rate <= 10%.");
        doc.table(table);
        for (String s : sentences) {
            doc.paragraph(s);
        }
        lossFigure(doc, cat, label, figuresDir, figurePrefix + name + (node.isEmpty() ? "" : "-" + node) + "-loss.png");
    }

    private static void lossFigure(Document doc, Map<?, ?> cat, String label, Path figuresDir, String fileName) {
        if (!(cat.get("loss_logs") instanceof Map<?, ?> logs) || logs.isEmpty()) {
            return;
        }
        Map<String, Path> files = new LinkedHashMap<>();
        logs.forEach((k, v) -> files.put(String.valueOf(k), Path.of(String.valueOf(v))));
        Path png = figuresDir.resolve(fileName);
        try {
            plot(label + ": generative training loss (moving average of 50)", files, 50, true, png);
            Path dir = figuresDir.getFileName();
            doc.figure((dir == null ? "" : dir + "/") + fileName, label + ": training loss of the generative models, log10 scale");
        } catch (IOException | RuntimeException ex) {
            doc.paragraph(label + ": the loss curves could not be plotted: " + ex.getMessage());
        }
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%d", (long) v);
    }

    /**
     * Plots the smoothed curves of {@code logs} (series name to CSV file, e.g. "G_I", "G_M",
     * "fine-tuning") in one chart. With {@code log10} the y axis shows {@code log10(loss)}:
     * {@link LinePlot} has linear axes only, and diffusion losses fall over orders of magnitude
     * in the first steps, which a linear axis would flatten into the bottom edge.
     *
     * @param window moving-average window in records
     * @throws IOException naming the file and line of a malformed log, or if the PNG cannot be written
     */
    public static void plot(String title, Map<String, Path> logs, int window, boolean log10, Path png) throws IOException {
        LinePlot plot = new LinePlot(title, "step", log10 ? "log10 loss" : "loss");
        for (Map.Entry<String, Path> e : logs.entrySet()) {
            LossCurves.Curve c = LossCurves.read(e.getValue());
            double[] y = LossCurves.movingAverage(c.loss(), window);
            if (log10) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = y[i] > 0 ? Math.log10(y[i]) : Double.NaN;
                }
            }
            plot.series(e.getKey(), c.steps(), y);
        }
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        plot.writePng(png, 640, 400);
    }
}
