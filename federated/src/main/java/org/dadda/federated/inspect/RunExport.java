package org.dadda.federated.inspect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dadda.federated.config.ProfileOverrides;
import org.dadda.federated.downstream.ClassifierRun;
import org.dadda.federated.downstream.DetectorRun;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.pipeline.Evaluation;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.metrics.AnomalyMetrics;
import org.dadda.nn.metrics.ImageLevelMetrics;
import org.dadda.tensor.util.Json;

/**
 * A {@link ModelBundle} from a finished run: the first repeat's classifier and detector of one
 * node and training set, the preprocessing of the run's profile, and the image-score threshold
 * that maximises F1 on the run's test split (stated as such in the bundle: it was chosen on the
 * same images the run's tables report, so a plant should re-check it on its own line).
 *
 * <p>Unless a training set is named, the one whose detector had the highest mean image-level
 * AUROC over the run's repeats is taken (ties: higher mean AP, then the order of {@link Variant}).
 */
public final class RunExport {
    private RunExport() {
    }

    /**
     * The bundle of {@code category} in {@code runFolder}.
     *
     * @param category the category, or null when the run has exactly one
     * @param node the node, or null for the first with an evaluation
     * @param variant the training set, or null to choose by detection AUROC
     * @param threshold the image-score threshold to use, or null for F1-max on the test split
     * @throws IllegalArgumentException naming the folder or file when the run lacks what is needed
     */
    public static ModelBundle bundle(Path runFolder, String category, String node, Variant variant, Double threshold) {
        if (!RunFolder.exists(runFolder)) {
            throw new IllegalArgumentException(runFolder + " is not a run folder (no " + RunFolder.CONFIG + ")");
        }
        RunFolder run = RunFolder.open(runFolder, null, ProfileOverrides.NONE, null, null, false);
        String cat = category(run, category);
        String n = node(run, cat, node);
        Path metricsFile = run.evaluationDir(n, cat).resolve(Evaluation.METRICS);
        Map<String, Object> metrics = Json.object(Files2.readJson(metricsFile), metricsFile.toString());
        Map<String, Object> detectors = Json.object(metrics.get("detectors"), metricsFile + " detectors");
        String chosenBy;
        Variant v = variant;
        if (v == null) {
            v = best(detectors, metricsFile);
            chosenBy = "highest mean image-level AUROC over the run's " + metrics.get("repeats") + " repeat(s) on its test split, among "
                    + String.join(", ", detectors.keySet());
        } else {
            chosenBy = "named by the user";
            if (!detectors.containsKey(v.id())) {
                throw new IllegalArgumentException("variant " + v.id() + " was not evaluated in " + metricsFile + "; it has "
                        + String.join(", ", detectors.keySet()));
            }
        }
        Map<String, Object> det = Json.object(detectors.get(v.id()), metricsFile + " detectors." + v.id());
        ModelBundle.Threshold t = threshold != null ? new ModelBundle.Threshold(threshold, "given by the user")
                : f1Threshold(det, metricsFile, v);
        Path clsDir = run.classifierDir(n, cat, v.folder(0));
        Path detDir = run.detectorDir(n, cat, v.folder(0));
        List<String> classes = ClassifierRun.read(clsDir).classes();
        ClassifierRun.Spec spec = ClassifierRun.spec(run.profile(), classes.size(), ClassifierRun.pretrained(clsDir));
        return new ModelBundle(cat, new ModelBundle.Source(runFolder.toAbsolutePath().normalize().toString(), n, v.id(), chosenBy),
                new Preprocessing(run.profile().resolution()), spec, classes, run.profile().detectorBase(), t,
                WeightsIo.load(clsDir.resolve(ClassifierRun.WEIGHTS)), WeightsIo.load(detDir.resolve(DetectorRun.WEIGHTS)));
    }

    private static String category(RunFolder run, String category) {
        List<String> cats = run.categoriesWithNodes();
        if (category != null) {
            if (!cats.contains(category)) {
                throw new IllegalArgumentException(run.root() + " has no trained category " + category + "; it has " + cats);
            }
            return category;
        }
        if (cats.size() != 1) {
            throw new IllegalArgumentException(run.root() + " has " + (cats.isEmpty() ? "no trained category" : "categories " + cats)
                    + ": name one with --category");
        }
        return cats.get(0);
    }

    private static String node(RunFolder run, String category, String node) {
        List<String> nodes = run.nodes(category);
        if (node != null) {
            if (!nodes.contains(node)) {
                throw new IllegalArgumentException(run.root() + " has no node " + node + " for " + category + "; it has " + nodes);
            }
            return node;
        }
        for (String n : nodes) {
            if (Files.isRegularFile(run.evaluationDir(n, category).resolve(Evaluation.METRICS))) {
                return n;
            }
        }
        throw new IllegalArgumentException(run.root() + " has no evaluated models of " + category + " (no "
                + Evaluation.METRICS + " under " + nodes + "): finish the run first (dadda run / dadda evaluate)");
    }

    private static Variant best(Map<String, Object> detectors, Path file) {
        Variant best = null;
        double[] bestKey = null;
        for (Variant v : Variant.values()) {
            if (!detectors.containsKey(v.id())) {
                continue;
            }
            Map<String, Object> d = Json.object(detectors.get(v.id()), file + " detectors." + v.id());
            Map<String, Object> mean = d.containsKey("mean") ? Json.object(d.get("mean"), file + " mean") : d;
            Object detection = mean.get("detection");
            double auroc = Double.NEGATIVE_INFINITY;
            double ap = Double.NEGATIVE_INFINITY;
            if (detection instanceof Map<?, ?> m) {
                auroc = m.get("auroc") instanceof Number x ? x.doubleValue() : auroc;
                ap = m.get("ap") instanceof Number x ? x.doubleValue() : ap;
            }
            double[] key = {auroc, ap};
            if (best == null || Arrays.compare(key, bestKey) > 0) {
                best = v;
                bestKey = key;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(file + " evaluated no detector");
        }
        return best;
    }

    private static ModelBundle.Threshold f1Threshold(Map<String, Object> det, Path file, Variant v) {
        double[] s = Json.doubles(det.get("scores"), file + " detectors." + v.id() + ".scores");
        double[] l = Json.doubles(det.get("labels"), file + " detectors." + v.id() + ".labels");
        float[] scores = new float[s.length];
        int[] labels = new int[l.length];
        int pos = 0;
        for (int i = 0; i < s.length; i++) {
            scores[i] = (float) s[i];
            labels[i] = (int) l[i];
            pos += labels[i];
        }
        if (pos == 0 || pos == labels.length) {
            throw new IllegalArgumentException(file + ": the test split has " + (pos == 0 ? "no defective" : "no normal")
                    + " images, so there is no F1-max threshold; give one with --threshold");
        }
        ImageLevelMetrics m = AnomalyMetrics.imageLevel(scores, labels);
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "F1-max on the run's test split (%d normal, %d defective images; F1 %.3f,"
                + " precision %.3f, recall %.3f)", labels.length - pos, pos, m.f1Max().f1(), m.f1Max().precision(), m.f1Max().recall()));
        parts.add("detector of " + v.id() + ", repeat 1");
        return new ModelBundle.Threshold(m.f1Max().threshold(), String.join(", ", parts));
    }
}
