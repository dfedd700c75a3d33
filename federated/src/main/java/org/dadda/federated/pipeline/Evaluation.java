package org.dadda.federated.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.augment.data.DefectiveFile;
import org.dadda.federated.downstream.ClassifierRun;
import org.dadda.federated.downstream.DetectorRun;
import org.dadda.federated.downstream.InferenceCost;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.run.Files2;
import org.dadda.nn.models.ResNet;
import org.dadda.nn.models.SegmentationUNet;
import org.dadda.federated.transport.WeightsIo;

/**
 * Stage 3's evaluation on a node: gathers every variant's classification protocols, evaluates
 * every variant's detector on the test split, for every repeat (the first repeat's figures at the
 * top level of each variant, as before repeats existed; all of them under {@code repeats}, with
 * their {@code mean} and {@code std}), and times inference of the D-ADDA models, into
 * {@value #METRICS}.
 */
public final class Evaluation {
    /** The metrics file in the evaluation folder. */
    public static final String METRICS = "metrics.json";

    private Evaluation() {
    }

    /** Evaluates the trained variants of a node into {@code dir}; returns the metrics written. */
    static Map<String, Object> run(Pipeline p, NodeInputs in, String node, String category, List<Variant> variants, Path dir) {
        RunFolder run = p.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", category);
        m.put("node", node);
        m.put("defect_types", in.data().defectTypes());
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("good", in.data().testGood().size());
        test.put("defective", in.classifierTest().size());
        m.put("test", test);
        Map<String, Object> cls = new LinkedHashMap<>();
        Map<String, Object> det = new LinkedHashMap<>();
        int repeats = run.profile().repeats();
        for (Variant v : variants) {
            List<Map<String, Object>> clsRepeats = new ArrayList<>();
            List<Map<String, Object>> detRepeats = new ArrayList<>();
            Map<String, Object> firstDetector = null;
            for (int r = 0; r < repeats; r++) {
                ClassifierRun.Result res = ClassifierRun.read(run.classifierDir(node, category, v.folder(r)));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("u_pro", res.uPro());
                c.put("u_pro_epoch", res.uProEpoch());
                c.put("f_pro", res.fPro());
                c.put("majority", res.majority());
                c.put("train_size", res.trainSize());
                c.put("test_accuracy_per_epoch", res.accuracy());
                clsRepeats.add(c);
                p.log().accept("evaluate: " + category + " " + v.id() + (repeats > 1 ? " repeat " + (r + 1) : "") + ": detector on "
                        + in.detectorTest().images().size() + " test images");
                SegmentationUNet d = DetectorRun.load(run.detectorDir(node, category, v.folder(r)), run.profile());
                Map<String, Object> dj = DetectorRun.toJson(DetectorRun.evaluate(d, in.detectorTest()));
                if (firstDetector == null) {
                    firstDetector = dj;
                }
                Map<String, Object> scalars = new LinkedHashMap<>();
                scalars.put("detection", dj.get("detection"));
                scalars.put("localization", dj.get("localization"));
                detRepeats.add(scalars);
            }
            Map<String, Object> c = new LinkedHashMap<>(clsRepeats.get(0));
            c.put("repeats", clsRepeats);
            c.put("mean", RepeatStats.mean(clsRepeats));
            c.put("std", RepeatStats.std(clsRepeats));
            cls.put(v.id(), c);
            Map<String, Object> dv = new LinkedHashMap<>(firstDetector);
            dv.put("repeats", detRepeats);
            dv.put("mean", RepeatStats.mean(detRepeats));
            dv.put("std", RepeatStats.std(detRepeats));
            det.put(v.id(), dv);
        }
        m.put("repeats", repeats);
        m.put("classification", cls);
        m.put("detectors", det);
        Variant timed = variants.contains(Variant.DADDA) ? Variant.DADDA : variants.get(variants.size() - 1);
        m.put("inference", inference(p, in, node, category, timed));
        Files2.writeJson(dir.resolve(METRICS), m);
        return m;
    }

    private static Map<String, Object> inference(Pipeline p, NodeInputs in, String node, String category, Variant v) {
        RunFolder run = p.run();
        List<Path> files = testFiles(in);
        int res = run.profile().resolution();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", v.id());
        out.put("resolution", res);
        Path clsDir = run.classifierDir(node, category, v.folder(0));
        boolean pretrained = ClassifierRun.pretrained(clsDir);
        ResNet cls = ClassifierRun.model(run.profile(), in.data().defectTypes().size(), 0, pretrained);
        cls.loadStateDict(WeightsIo.load(clsDir.resolve(ClassifierRun.WEIGHTS)), true);
        cls.eval();
        out.put("classifier", InferenceCost.measure(files, res, cls::forward, 3, cls.parameterCount()).toJson());
        SegmentationUNet det = DetectorRun.load(run.detectorDir(node, category, v.folder(0)), run.profile());
        det.eval();
        out.put("detector", InferenceCost.measure(files, res, x -> det.forward(x).sigmoid(), 3, det.parameterCount()).toJson());
        return out;
    }

    /** The files of the test split (normal, then defective), for end-to-end timing. */
    static List<Path> testFiles(NodeInputs in) {
        List<Path> files = new ArrayList<>();
        for (CategoryData.Sample s : in.data().testGood()) {
            files.add(s.file());
        }
        DatasetSplit split = in.data().split();
        for (String t : split.defectTypes()) {
            for (DefectiveFile f : DatasetSplit.resolve(in.data().category(), t, split.testDefective(t))) {
                files.add(f.image());
            }
        }
        return files;
    }
}
