package org.dadda.federated.downstream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.federated.run.Progress;
import org.dadda.federated.config.Profile;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.metrics.AnomalyMetrics;
import org.dadda.nn.metrics.BinaryRanking;
import org.dadda.nn.metrics.ImageLevelMetrics;
import org.dadda.nn.metrics.PixelLevelMetrics;
import org.dadda.nn.metrics.PrecisionRecallCurve;
import org.dadda.nn.metrics.RocCurve;
import org.dadda.nn.models.SegmentationUNet;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Rng;
import org.dadda.tensor.util.ProgressBar;

/**
 * Trains F_det/loc on one training set and evaluates it on the test split: image-level AUROC, AP
 * and F1-max with the image score taken from the predicted map (detection), pixel-level AUROC,
 * AP, F1-max and AUPRO (localization), the paper's Table II. Detection is reported for the final
 * epoch (F-Pro); the paper notes these metrics are insensitive to the protocol.
 */
public final class DetectorRun {
    /** Final weights. */
    public static final String WEIGHTS = "detector.safetensors";
    /** Training history. */
    public static final String HISTORY = "history.json";

    /**
     * Evaluation of a detector on the test split.
     *
     * @param image image-level metrics, or null when the test split has only one class
     * @param pixel pixel-level metrics, or null when no test image has a defect
     * @param imageRoc image-level ROC points (fpr, tpr), possibly empty
     * @param imagePr image-level PR points (recall, precision), possibly empty
     * @param pixelRoc pixel-level ROC points
     * @param pixelPr pixel-level PR points
     * @param scores image scores of the test images
     * @param labels 1 for defective test images
     */
    public record Evaluation(ImageLevelMetrics image, PixelLevelMetrics pixel, double[][] imageRoc, double[][] imagePr,
                             double[][] pixelRoc, double[][] pixelPr, float[] scores, int[] labels) {
    }

    private DetectorRun() {
    }

    /** The detector the profile asks for. */
    public static SegmentationUNet model(Profile p, long seed) {
        return Detector.build(p.detectorBase(), p.resolution(), seed);
    }

    /** Trains a fresh detector on {@code train} and writes weights and history into {@code dir}; returns the model. */
    public static SegmentationUNet train(Path dir, TrainingSets.Segmentation train, Profile p, long seed, String label,
                                         boolean progress) {
        SegmentationUNet model = model(p, seed);
        Adam opt = new Adam(model, p.detectorLr());
        Rng rng = new Rng(seed).fork(23);
        double posWeight = Detector.positiveWeight(train.masks());
        List<Double> losses = new ArrayList<>();
        try (ProgressBar bar = Progress.bar(label, p.detectorEpochs(), "epoch", progress)) {
            for (int e = 0; e < p.detectorEpochs(); e++) {
                losses.add(Detector.trainEpoch(model, opt, train.images(), train.masks(), p.detectorBatch(), posWeight, rng));
                bar.status("loss", losses.get(e));
                bar.step();
            }
        }
        WeightsIo.save(dir.resolve(WEIGHTS), model.stateDict(), Map.of("model", "segmentation-unet"));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("train_size", train.images().size());
        h.put("positive_weight", posWeight);
        h.put("loss", losses);
        Files2.writeJson(dir.resolve(HISTORY), h);
        return model;
    }

    /** Loads the detector {@link #train} wrote into {@code dir}. */
    public static SegmentationUNet load(Path dir, Profile p) {
        SegmentationUNet model = model(p, 0);
        model.loadStateDict(WeightsIo.load(dir.resolve(WEIGHTS)), true);
        return model;
    }

    /** Evaluates {@code model} on {@code test}. */
    public static Evaluation evaluate(SegmentationUNet model, TrainingSets.Segmentation test) {
        float[][] maps = Detector.maps(model, test.images());
        int n = maps.length;
        float[] scores = new float[n];
        int[] labels = new int[n];
        boolean[][] masks = new boolean[n][];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            scores[i] = Detector.imageScore(maps[i]);
            labels[i] = test.defective(i) ? 1 : 0;
            pos += labels[i];
            masks[i] = test.masks().get(i).bits();
        }
        int h = test.images().isEmpty() ? 0 : test.images().get(0).height();
        int w = test.images().isEmpty() ? 0 : test.images().get(0).width();
        ImageLevelMetrics image = null;
        double[][] imageRoc = {{}, {}};
        double[][] imagePr = {{}, {}};
        if (pos > 0 && pos < n) {
            BinaryRanking r = BinaryRanking.of(scores, labels);
            image = AnomalyMetrics.imageLevel(scores, labels);
            imageRoc = roc(r.rocCurve());
            imagePr = pr(r.precisionRecallCurve());
        }
        PixelLevelMetrics pixel = null;
        double[][] pixelRoc = {{}, {}};
        double[][] pixelPr = {{}, {}};
        if (pos > 0) {
            pixel = AnomalyMetrics.pixelLevel(maps, masks, h, w);
            BinaryRanking r = BinaryRanking.of(AnomalyMetrics.flatten(maps, h * w), AnomalyMetrics.flattenMasks(masks, h * w));
            pixelRoc = roc(r.rocCurve());
            pixelPr = pr(r.precisionRecallCurve());
        }
        return new Evaluation(image, pixel, imageRoc, imagePr, pixelRoc, pixelPr, scores, labels);
    }

    /** At most 256 ROC points (fpr, tpr), evenly picked, ends kept. */
    static double[][] roc(RocCurve c) {
        return thin(c.fpr(), c.tpr());
    }

    /** At most 256 PR points (recall, precision). */
    static double[][] pr(PrecisionRecallCurve c) {
        return thin(c.recall(), c.precision());
    }

    private static double[][] thin(double[] x, double[] y) {
        int n = x.length;
        int m = Math.min(n, 256);
        double[][] out = new double[2][m];
        for (int i = 0; i < m; i++) {
            int j = m == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (m - 1));
            out[0][i] = x[j];
            out[1][i] = y[j];
        }
        return out;
    }

    /** The evaluation as plain JSON values. */
    public static Map<String, Object> toJson(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> det = new LinkedHashMap<>();
        det.put("auroc", e.image() == null ? null : e.image().auroc());
        det.put("ap", e.image() == null ? null : e.image().averagePrecision());
        det.put("f1_max", e.image() == null ? null : e.image().f1Max().f1());
        m.put("detection", det);
        Map<String, Object> loc = new LinkedHashMap<>();
        loc.put("auroc", e.pixel() == null ? null : e.pixel().auroc());
        loc.put("ap", e.pixel() == null ? null : e.pixel().averagePrecision());
        loc.put("f1_max", e.pixel() == null ? null : e.pixel().f1Max().f1());
        loc.put("aupro", e.pixel() == null ? null : e.pixel().aupro());
        m.put("localization", loc);
        m.put("image_roc", e.imageRoc());
        m.put("image_pr", e.imagePr());
        m.put("pixel_roc", e.pixelRoc());
        m.put("pixel_pr", e.pixelPr());
        m.put("scores", e.scores());
        m.put("labels", e.labels());
        return m;
    }
}
