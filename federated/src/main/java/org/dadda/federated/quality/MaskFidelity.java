package org.dadda.federated.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.federated.downstream.Detector;
import org.dadda.federated.node.LabelledPair;
import org.dadda.nn.metrics.AnomalyMetrics;
import org.dadda.nn.metrics.BinaryRanking;
import org.dadda.nn.models.SegmentationUNet;

/**
 * Whether a synthesized mask marks where the synthesized image is defective: a detector that
 * localizes real defects is run on the synthesized images, and its maps are scored against the
 * synthesized masks (pixel AUROC and AP, as Table II scores localization). The same scores on
 * real defective test images against their real masks are the ceiling: what the detector reaches
 * when image and mask agree by construction.
 *
 * <p>The detector should not have been trained on the synthesized pairs it scores: it would then
 * have learnt their masks, and a high AUROC would show memorisation rather than agreement. A
 * detector trained on the real and DAM pairs only (the "w/o synthesis" variant) is the right one.
 */
public final class MaskFidelity {
    /** Produces one row-major {@code H*W} anomaly map per image, higher meaning more anomalous. */
    @FunctionalInterface
    public interface Maps {
        /** The maps of {@code images}, in order. */
        float[][] of(List<Image> images);
    }

    /**
     * Localization scores on one set of pairs.
     *
     * @param images images scored
     * @param auroc pixel AUROC, NaN when the masks have no foreground or no background pixel
     * @param averagePrecision pixel AP, NaN likewise
     * @param massInside the maps' summed values inside the masks over their total (NaN when the
     *     maps sum to 0); compare with {@code areaFraction}, which a uniform map would reach
     * @param areaFraction mask pixels over all pixels
     */
    public record Scores(int images, double auroc, double averagePrecision, double massInside, double areaFraction) {
        /** The scores as plain JSON values. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("images", images);
            m.put("auroc", Jsons.num(auroc));
            m.put("ap", Jsons.num(averagePrecision));
            m.put("mass_inside", Jsons.num(massInside));
            m.put("area_fraction", Jsons.num(areaFraction));
            return m;
        }
    }

    /**
     * Synthesized against real.
     *
     * @param synthesized scores on the synthesized pairs against their masks
     * @param real scores on the real defective test pairs (the ceiling)
     */
    public record Result(Scores synthesized, Scores real) {
        /** The result as plain JSON values. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("synthesized", synthesized.toJson());
            m.put("real", real.toJson());
            return m;
        }
    }

    private MaskFidelity() {
    }

    /** The maps of a trained segmentation detector (sigmoid of its logits), as the evaluation computes them. */
    public static Maps of(SegmentationUNet detector) {
        return images -> Detector.maps(detector, images);
    }

    /** Scores {@code detector} on the synthesized pairs and on the real ones. */
    public static Result compare(Maps detector, List<LabelledPair> synthesized, List<LabelledPair> real) {
        return new Result(score(detector, synthesized), score(detector, real));
    }

    /**
     * Scores {@code detector}'s maps of the pairs' images against their masks.
     *
     * @throws IllegalArgumentException if a map's size differs from its mask's
     */
    public static Scores score(Maps detector, List<LabelledPair> pairs) {
        if (pairs.isEmpty()) {
            return new Scores(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Image> images = new ArrayList<>(pairs.size());
        boolean[][] masks = new boolean[pairs.size()][];
        for (int i = 0; i < pairs.size(); i++) {
            images.add(pairs.get(i).image());
            masks[i] = pairs.get(i).mask().bits();
        }
        return score(detector.of(images), masks);
    }

    /** Scores {@code maps} against {@code masks} (one row-major array of equal length per image). */
    public static Scores score(float[][] maps, boolean[][] masks) {
        if (maps.length != masks.length) {
            throw new IllegalArgumentException(maps.length + " maps for " + masks.length + " masks");
        }
        double inside = 0;
        double total = 0;
        long fg = 0;
        long all = 0;
        for (int i = 0; i < maps.length; i++) {
            if (maps[i].length != masks[i].length) {
                throw new IllegalArgumentException("map " + i + " has " + maps[i].length + " pixels, its mask " + masks[i].length);
            }
            for (int p = 0; p < maps[i].length; p++) {
                total += maps[i][p];
                if (masks[i][p]) {
                    inside += maps[i][p];
                    fg++;
                }
            }
            all += masks[i].length;
        }
        double auroc = Double.NaN;
        double ap = Double.NaN;
        if (fg > 0 && fg < all) {
            int px = maps.length == 0 ? 0 : maps[0].length;
            BinaryRanking r = BinaryRanking.of(AnomalyMetrics.flatten(maps, px), AnomalyMetrics.flattenMasks(masks, px));
            auroc = r.auroc();
            ap = r.averagePrecision();
        }
        return new Scores(maps.length, auroc, ap, total > 0 ? inside / total : Double.NaN, all == 0 ? Double.NaN : fg / (double) all);
    }
}
