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
import org.dadda.nn.models.ResNet;
import org.dadda.nn.optim.Adam;
import org.dadda.tensor.Rng;
import org.dadda.tensor.util.ProgressBar;

/**
 * Trains F_cls on one training set and records, after every epoch, its accuracy on the test split,
 * so that both protocols come out of one training: F-Pro, the final epoch's accuracy (the
 * default, fair), and U-Pro, the best epoch picked on the test set itself (what prior work
 * reports; optimistic, and labelled so).
 */
public final class ClassifierRun {
    /** Final weights. */
    public static final String WEIGHTS = "classifier.safetensors";
    /** Per-epoch history, protocols and final predictions. */
    public static final String HISTORY = "history.json";

    /**
     * The outcome of a training.
     *
     * @param loss mean training loss per epoch
     * @param accuracy test accuracy per epoch
     * @param fPro accuracy of the final epoch
     * @param uPro best accuracy over epochs
     * @param uProEpoch the epoch (1-based) that reached it
     * @param classes class names by label
     * @param labels test labels
     * @param predictions final-epoch predictions on the test split
     * @param probabilities final-epoch class probabilities on the test split
     * @param majority accuracy of always predicting the most frequent test class
     * @param trainSize number of training images
     */
    public record Result(List<Double> loss, List<Double> accuracy, double fPro, double uPro, int uProEpoch, List<String> classes,
                         int[] labels, int[] predictions, float[][] probabilities, double majority, int trainSize) {
    }

    private ClassifierRun() {
    }

    /**
     * The shape of a classifier: ResNet depth, base width, stem and class count.
     *
     * @param imagenetStem torchvision's 7x7 stem with max pooling, else the small-image 3x3 stem
     */
    public record Spec(int depth, int width, boolean imagenetStem, int classes) {
        /** A freshly initialised classifier of this shape. */
        public ResNet build(long seed) {
            return Classifier.build(depth, width, imagenetStem, classes, seed);
        }
    }

    /** The classifier shape the profile asks for ({@code imagenetStem} when pre-trained weights are loaded or images are large). */
    public static Spec spec(Profile p, int classes, boolean pretrained) {
        boolean imagenet = pretrained || p.resolution() >= 128;
        int width = pretrained ? 64 : Math.max(16, Math.min(64, p.resolution() / 2));
        return new Spec(p.classifierDepth(), width, imagenet, classes);
    }

    /** The classifier the profile asks for (see {@link #spec}). */
    public static ResNet model(Profile p, int classes, long seed, boolean pretrained) {
        return spec(p, classes, pretrained).build(seed);
    }

    /** Whether the classifier weights in {@code dir} started from pre-trained weights ({@code --init}). */
    public static boolean pretrained(Path dir) {
        return !"scratch".equals(WeightsIo.read(dir.resolve(WEIGHTS)).metadata().getOrDefault("init", "scratch"));
    }

    /**
     * Trains a fresh classifier on {@code train}, evaluating on {@code test} after every epoch,
     * and writes its weights and history into {@code dir}.
     *
     * @param init pre-trained torchvision ResNet weights, or null to train from scratch
     */
    public static Result train(Path dir, LabelledImages train, LabelledImages test, Profile p, long seed, Path init,
                               String label, boolean progress) {
        ResNet model = model(p, train.classes(), seed, init != null);
        if (init != null) {
            Classifier.loadPretrained(model, init);
        }
        Adam opt = new Adam(model, p.classifierLr());
        Rng rng = new Rng(seed).fork(17);
        List<Double> losses = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        try (ProgressBar bar = Progress.bar(label, p.classifierEpochs(), "epoch", progress)) {
            for (int e = 0; e < p.classifierEpochs(); e++) {
                losses.add(Classifier.trainEpoch(model, opt, train, ImageBatches.range(0, train.size()), p.classifierBatch(), rng));
                acc.add(Classifier.accuracy(model, test));
                bar.status("loss", losses.get(e));
                bar.status("test_acc", acc.get(e));
                bar.step();
            }
        }
        int best = 0;
        for (int e = 1; e < acc.size(); e++) {
            if (acc.get(e) > acc.get(best)) {
                best = e;
            }
        }
        float[][] prob = Classifier.probabilities(model, test.images());
        int[] pred = new int[prob.length];
        for (int i = 0; i < prob.length; i++) {
            for (int c = 1; c < prob[i].length; c++) {
                if (prob[i][c] > prob[i][pred[i]]) {
                    pred[i] = c;
                }
            }
        }
        Result r = new Result(losses, acc, acc.get(acc.size() - 1), acc.get(best), best + 1, test.classNames(), test.labels(), pred,
                prob, test.majorityShare(), train.size());
        WeightsIo.save(dir.resolve(WEIGHTS), model.stateDict(), Map.of("model", "resnet" + p.classifierDepth(),
                "classes", String.join(",", test.classNames()), "init", init == null ? "scratch" : init.toString()));
        Files2.writeJson(dir.resolve(HISTORY), toJson(r, init));
        return r;
    }

    static Map<String, Object> toJson(Result r, Path init) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("init", init == null ? "scratch" : init.toAbsolutePath().toString());
        m.put("train_size", r.trainSize());
        m.put("classes", r.classes());
        m.put("loss", r.loss());
        m.put("test_accuracy", r.accuracy());
        m.put("f_pro", r.fPro());
        m.put("u_pro", r.uPro());
        m.put("u_pro_epoch", r.uProEpoch());
        m.put("majority", r.majority());
        m.put("labels", r.labels());
        m.put("predictions", r.predictions());
        m.put("probabilities", r.probabilities());
        return m;
    }

    /**
     * Reads the history {@link #train} wrote into {@code dir}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or malformed
     */
    public static Result read(Path dir) {
        Path f = dir.resolve(HISTORY);
        Map<?, ?> m = (Map<?, ?>) Files2.readJson(f);
        try {
            List<?> probs = (List<?>) m.get("probabilities");
            float[][] p = new float[probs.size()][];
            for (int i = 0; i < p.length; i++) {
                List<?> row = (List<?>) probs.get(i);
                p[i] = new float[row.size()];
                for (int c = 0; c < row.size(); c++) {
                    p[i][c] = ((Number) row.get(c)).floatValue();
                }
            }
            return new Result(doubles(m.get("loss")), doubles(m.get("test_accuracy")), num(m.get("f_pro")), num(m.get("u_pro")),
                    (int) num(m.get("u_pro_epoch")), strings(m.get("classes")), ints(m.get("labels")), ints(m.get("predictions")), p,
                    num(m.get("majority")), (int) num(m.get("train_size")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(f + " is not a classifier history: " + e, e);
        }
    }

    static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    static List<Double> doubles(Object o) {
        List<Double> out = new ArrayList<>();
        for (Object x : (List<?>) o) {
            out.add(num(x));
        }
        return out;
    }

    static int[] ints(Object o) {
        List<?> l = (List<?>) o;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : (List<?>) o) {
            out.add(String.valueOf(x));
        }
        return out;
    }
}
