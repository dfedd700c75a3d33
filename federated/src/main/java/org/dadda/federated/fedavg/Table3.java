package org.dadda.federated.fedavg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dadda.nn.Module;

/**
 * Runs the paper's Table III grid of distributed classification experiments: for every cell
 * (client setting, B, E), FedAvg over IID or label-wise non-IID shards of the training set for R
 * rounds, with the test accuracy after every round, giving F-Pro (final round) and U-Pro (best
 * round, picked on the test set: optimistic). The centralized reference row is one client
 * holding all the data, trained with the same machinery for as many local epochs per round as
 * the grid's largest E.
 */
public final class Table3 {
    /**
     * One row of Table III.
     *
     * @param clientsLabel "1", "N_d" or a number
     * @param clients the number of clients
     * @param batch local batch size B
     * @param epochs local epochs E
     * @param iid IID shards (true) or label-wise (false); the centralized row counts as IID
     * @param centralized whether this is the N_C = 1 reference row
     * @param accuracyPerRound test accuracy after every round
     * @param uPro best accuracy over rounds
     * @param fPro final-round accuracy
     * @param predictions final-round predicted class per test image
     * @param confidence final-round probability of the predicted class per test image
     * @param meanRoundMs mean wall time of a round in ms
     * @param aggregationShare share of the round's time spent averaging
     */
    public record Row(String clientsLabel, int clients, int batch, int epochs, boolean iid, boolean centralized,
                      List<Double> accuracyPerRound, double uPro, double fPro, int[] predictions, float[] confidence,
                      double meanRoundMs, double aggregationShare) {
    }

    /** What the grid needs to know about the task. */
    public interface Task {
        /** Number of training samples. */
        int trainSize();

        /** Training label of every sample. */
        int[] trainLabels();

        /** Number of classes (N_d). */
        int classes();

        /** A fresh model with the given seed. */
        Module newModel(long seed);

        /** The local update. */
        LocalTrainer trainer();

        /** Test class probabilities of a model, {@code [n][classes]}. */
        float[][] testProbabilities(Module model);

        /** Test labels. */
        int[] testLabels();
    }

    private Table3() {
    }

    /**
     * Runs every cell of {@code spec} plus the centralized row (first), {@code rounds} rounds each.
     * Cells whose client count exceeds the training set are skipped (logged).
     */
    public static List<Row> run(GridSpec spec, Task task, int rounds, int centralBatch, long seed,
                                java.util.function.Consumer<String> log, Runnable afterCell) {
        List<Row> rows = new ArrayList<>();
        int maxE = spec.localEpochs().stream().mapToInt(Integer::intValue).max().orElse(1);
        rows.add(cell("1", List.of(new ClientShard(0, range(task.trainSize()))), centralBatch, maxE, true, true, task, rounds, seed));
        afterCell.run();
        for (GridSpec.ClientSetting cs : spec.clientSettings()) {
            int n = cs.count(task.classes());
            if (cs.iid() && n > task.trainSize()) {
                log.accept("fedavg: skipping " + n + " IID clients: only " + task.trainSize() + " training samples");
                continue;
            }
            List<ClientShard> shards = cs.iid() ? Partitioners.iid(task.trainSize(), n, seed)
                    : Partitioners.labelWise(task.trainLabels(), task.classes());
            for (int e : spec.localEpochs()) {
                for (int b : spec.batchSizes()) {
                    rows.add(cell(cs.label(), shards, b, e, cs.iid(), false, task, rounds, seed));
                    afterCell.run();
                }
            }
        }
        return rows;
    }

    private static Row cell(String label, List<ClientShard> shards, int batch, int epochs, boolean iid, boolean central, Task task,
                            int rounds, long seed) {
        Module global = task.newModel(seed);
        List<Double> acc = new ArrayList<>();
        Function<Module, float[][]> probs = task::testProbabilities;
        FedAvg fed = new FedAvg(FedAvgConfig.of(rounds, epochs, batch, seed), (Supplier<Module>) () -> task.newModel(seed),
                task.trainer());
        List<RoundReport> reports = fed.run(global, shards, (r, g) -> acc.add(accuracy(probs.apply(g), task.testLabels())));
        double best = Double.NaN;
        for (double a : acc) {
            best = Double.isNaN(best) ? a : Math.max(best, a);
        }
        float[][] p = probs.apply(global);
        int[] pred = new int[p.length];
        float[] conf = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][pred[i]]) {
                    pred[i] = c;
                }
            }
            conf[i] = p[i][pred[i]];
        }
        double train = 0;
        double agg = 0;
        for (RoundReport r : reports) {
            train += r.trainNanos();
            agg += r.aggregateNanos();
        }
        double roundMs = (train + agg) / reports.size() / 1e6;
        return new Row(label, shards.size(), batch, epochs, iid, central, acc, best, acc.get(acc.size() - 1), pred, conf, roundMs,
                agg / Math.max(1, train + agg));
    }

    /** Fraction of rows of {@code probabilities} whose largest entry is at the label. */
    public static double accuracy(float[][] probabilities, int[] labels) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            ok += best == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : ok / (double) labels.length;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** A row as plain JSON values. */
    public static Map<String, Object> toJson(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", r.clientsLabel());
        m.put("n_clients", r.clients());
        m.put("batch", r.batch());
        m.put("local_epochs", r.epochs());
        m.put("iid", r.iid());
        m.put("centralized", r.centralized());
        m.put("u_pro", r.uPro());
        m.put("f_pro", r.fPro());
        m.put("accuracy_per_round", r.accuracyPerRound());
        m.put("mean_round_ms", r.meanRoundMs());
        m.put("aggregation_share", r.aggregationShare());
        m.put("predictions", r.predictions());
        m.put("confidence", r.confidence());
        return m;
    }

    /** Reads a row {@link #toJson} wrote. */
    public static Row fromJson(Map<?, ?> m) {
        List<Double> acc = new ArrayList<>();
        for (Object o : (List<?>) m.get("accuracy_per_round")) {
            acc.add(o == null ? Double.NaN : ((Number) o).doubleValue());
        }
        List<?> p = (List<?>) m.get("predictions");
        List<?> c = (List<?>) m.get("confidence");
        int[] pred = new int[p.size()];
        float[] conf = new float[c.size()];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = ((Number) p.get(i)).intValue();
            conf[i] = c.get(i) == null ? Float.NaN : ((Number) c.get(i)).floatValue();
        }
        return new Row(String.valueOf(m.get("clients")), num(m, "n_clients").intValue(), num(m, "batch").intValue(),
                num(m, "local_epochs").intValue(), Boolean.TRUE.equals(m.get("iid")), Boolean.TRUE.equals(m.get("centralized")), acc,
                dbl(m.get("u_pro")), dbl(m.get("f_pro")), pred, conf, dbl(m.get("mean_round_ms")), dbl(m.get("aggregation_share")));
    }

    private static Number num(Map<?, ?> m, String k) {
        if (!(m.get(k) instanceof Number n)) {
            throw new IllegalArgumentException("Table III row field '" + k + "' must be a number, got " + m.get(k));
        }
        return n;
    }

    private static double dbl(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
