package org.dadda.federated.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.downstream.DetectorRun;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.quality.MaskFidelity;
import org.dadda.federated.quality.QualityReport;
import org.dadda.federated.quality.TwoSampleTest;
import org.dadda.federated.run.Files2;
import org.dadda.federated.server.CentralServer;

/**
 * Stage 3's quality measures on a node ({@link QualityReport}): per defect type, the synthesized
 * pairs against the node's real images and masks, with the detector of the DAM variant (real +
 * DAM samples, never the synthesized pairs it is asked to score) for mask fidelity, and the loss
 * logs of G_I, G_M and the fine-tuning.
 */
final class QualityStage {
    private QualityStage() {
    }

    static Map<String, Object> run(Pipeline p, NodeInputs in, String category, String node, Path detectorDir, Path dir) {
        RunFolder run = p.run();
        if (in.synthesized().isEmpty()) {
            throw new IllegalArgumentException("no synthesized pairs for " + category + " on " + node + ": run dadda node synthesize first");
        }
        List<Image> normals = new ArrayList<>();
        for (CategoryData.Sample s : in.data().trainGood()) {
            normals.add(s.image());
        }
        Map<String, QualityReport.TypeInputs> types = new LinkedHashMap<>();
        for (String t : in.data().defectTypes()) {
            List<LabelledPair> real = new ArrayList<>(in.data().trainDefective().getOrDefault(t, List.of()));
            List<LabelledPair> test = in.data().testDefective().getOrDefault(t, List.of());
            real.addAll(test);
            List<Image> realImages = new ArrayList<>();
            List<Mask> realMasks = new ArrayList<>();
            for (LabelledPair r : real) {
                realImages.add(r.image());
                realMasks.add(r.mask());
            }
            types.put(t, new QualityReport.TypeInputs(in.synthesized().getOrDefault(t, List.of()), realImages, realMasks, test));
        }
        MaskFidelity.Maps detector = null;
        String note = "none: the DAM variant's detector has not been trained";
        if (Files.isRegularFile(detectorDir.resolve(DetectorRun.WEIGHTS))) {
            detector = MaskFidelity.of(DetectorRun.load(detectorDir, run.profile()));
            note = "F_det/loc of the DAM variant (real + DAM samples; it never saw a synthesized pair)";
        }
        Map<String, Path> logs = new LinkedHashMap<>();
        for (String[] l : List.of(new String[] {"G_I", CentralServer.G_I}, new String[] {"G_M", CentralServer.G_M})) {
            Path f = run.stage2Dir(category).resolve(l[1] + CentralServer.LOSS_SUFFIX);
            if (Files.isRegularFile(f)) {
                logs.put(l[0], f.toAbsolutePath());
            }
        }
        Path fine = run.synthesisDir(node, category).resolve(SynthesisStage.FINE_TUNE_LOSS);
        if (Files.isRegularFile(fine)) {
            logs.put("G_I fine-tuning", fine.toAbsolutePath());
        }
        p.log().accept("quality: " + category + " on " + node + ": two-sample tests, mask plausibility and fidelity for "
                + types.keySet());
        Map<String, Object> m = QualityReport.measure(new QualityReport.Inputs(category, node, normals, types, detector, note, logs),
                run.seed() + 29, TwoSampleTest.Budget.defaults());
        Files2.writeJson(dir.resolve(QualityReport.FILE), m);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("types")).entrySet()) {
            Map<?, ?> verdict = (Map<?, ?>) ((Map<?, ?>) e.getValue()).get("verdict");
            List<?> reasons = (List<?>) verdict.get("reasons");
            p.log().accept("quality: " + category + "/" + e.getKey() + ": synthesized pairs " + verdict.get("status")
                    + (reasons.isEmpty() ? "" : " (" + reasons.get(0) + ")"));
        }
        return m;
    }
}
