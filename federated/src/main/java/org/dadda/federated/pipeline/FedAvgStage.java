package org.dadda.federated.pipeline;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dadda.federated.run.Progress;
import org.dadda.federated.downstream.ClassifierTask;
import org.dadda.federated.downstream.LabelledImages;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.fedavg.Table3;
import org.dadda.federated.report.render.ImageGrid;
import org.dadda.federated.report.render.Table;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.util.ProgressBar;

/**
 * The distributed classification experiments of a node (the paper's Table III and Fig. 7): the
 * classifier trained with FedAvg over IID and label-wise non-IID shards of stage 3's synthesized
 * plus acquired training set, for every cell of a {@link GridSpec}.
 */
public final class FedAvgStage {
    /** The grid's results. */
    public static final String TABLE = "table3.json";
    /** The Fig. 7 style prediction grid. */
    public static final String FIGURE = "fig7.png";

    private FedAvgStage() {
    }

    /** Runs the grid on {@code train} and {@code test} and writes the table and figure into {@code dir}. */
    static List<Table3.Row> run(Pipeline p, LabelledImages train, LabelledImages test, GridSpec spec, Path init, Path dir) {
        RunFolder run = p.run();
        long seed = run.seed();
        Table3.Task task = new ClassifierTask(run.profile(), train, test, init);
        int cells = 1 + spec.clientSettings().size() * spec.batchSizes().size() * spec.localEpochs().size();
        List<Table3.Row> rows;
        try (ProgressBar bar = Progress.bar("fedavg grid", cells, "cell", p.progress())) {
            rows = Table3.run(spec, task, run.profile().fedRounds(), run.profile().classifierBatch(), seed, p.log(), bar::step);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("rounds", run.profile().fedRounds());
        j.put("defect_types", train.classes());
        j.put("classes", train.classNames());
        j.put("train_size", train.size());
        j.put("test_size", test.size());
        j.put("test_labels", test.labels());
        j.put("init", init == null ? "scratch (NoP)" : init.toAbsolutePath().toString());
        List<Object> rj = new ArrayList<>();
        for (Table3.Row r : rows) {
            rj.add(Table3.toJson(r));
        }
        j.put("rows", rj);
        Files2.writeJson(dir.resolve(TABLE), j);
        figure(rows, test, dir.resolve(FIGURE));
        return rows;
    }

    /** Fig. 7: a few test images with the predictions of the centralized, non-IID and IID classifiers. */
    static void figure(List<Table3.Row> rows, LabelledImages test, Path file) {
        if (test.size() == 0) {
            return;
        }
        List<Integer> pick = new ArrayList<>();
        for (int c = 0; c < test.classes() && pick.size() < 6; c++) {
            for (int i = 0; i < test.size() && pick.size() < 6; i++) {
                if (test.labels()[i] == c) {
                    pick.add(i);
                    break;
                }
            }
        }
        for (int i = 0; i < test.size() && pick.size() < 6; i++) {
            if (!pick.contains(i)) {
                pick.add(i);
            }
        }
        ImageGrid g = new ImageGrid("Predictions on test images (green: right, red: wrong)", 72);
        g.row("true type");
        for (int i : pick) {
            g.add(test.images().get(i), test.classNames().get(test.labels()[i]));
        }
        for (Table3.Row r : chosen(rows)) {
            String label = r.centralized() ? "centralized" : String.format(Locale.ROOT, "N_C=%s B=%d E=%d %s", r.clientsLabel(), r.batch(),
                    r.epochs(), r.iid() ? "IID" : "non-IID");
            g.row(label);
            for (int i : pick) {
                int pr = r.predictions()[i];
                boolean right = pr == test.labels()[i];
                g.add(test.images().get(i), test.classNames().get(pr) + " " + Table.num(r.confidence()[i], 2),
                        right ? new Color(0x2ca02c) : new Color(0xd62728));
            }
        }
        g.writePng(file);
    }

    /** The centralized row and, per client setting, the cell with the smallest B and the largest E. */
    private static List<Table3.Row> chosen(List<Table3.Row> rows) {
        Map<String, Table3.Row> best = new LinkedHashMap<>();
        for (Table3.Row r : rows) {
            String key = r.centralized() ? "c" : r.clientsLabel() + "/" + r.iid();
            Table3.Row b = best.get(key);
            if (b == null || r.batch() < b.batch() || (r.batch() == b.batch() && r.epochs() > b.epochs())) {
                best.put(key, r);
            }
        }
        return new ArrayList<>(best.values());
    }
}
