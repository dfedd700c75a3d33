package org.dadda.federated.inspect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.downstream.Detector;
import org.dadda.nn.models.ResNet;
import org.dadda.nn.models.SegmentationUNet;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * Scores images with a trained D-ADDA classifier and detector: the anomaly map and its maximum
 * (the image score), the verdict against the run's threshold, and the defect type with its
 * probabilities. Load one from a model bundle ({@code dadda export}) or straight from a run
 * folder; the preprocessing the training used is applied inside, so callers pass images of any
 * size and channel count.
 *
 * <p><b>Threads.</b> An inspector may be shared by any number of threads. Reading and resizing
 * run in the caller's thread; the forward passes are serialised by one lock, because the engine
 * already spreads one forward pass over every core ({@code dadda.threads}), so a second model copy
 * per thread would double the memory without adding throughput ({@code InferenceBench} measures
 * one and two calling threads). Batches ({@link #inspectAll}) amortise the per-call overhead.
 */
public final class Inspector {
    /** Images per forward pass in {@link #inspectAll}. */
    public static final int BATCH = 16;

    private final ModelBundle bundle;
    private final ResNet classifier;
    private final SegmentationUNet detector;
    private final ReentrantLock lock = new ReentrantLock();

    private Inspector(ModelBundle bundle) {
        this.bundle = bundle;
        this.classifier = bundle.classifier();
        this.detector = bundle.detector();
    }

    /** An inspector for the models in {@code bundle}. */
    public static Inspector of(ModelBundle bundle) {
        return new Inspector(bundle);
    }

    /**
     * Loads a model bundle file, or a run folder that holds exactly one category with trained
     * models (see {@link #load(Path, String)} otherwise).
     *
     * @throws IllegalArgumentException naming the path when it is neither, or is damaged
     */
    public static Inspector load(Path bundleOrRunFolder) {
        if (Files.isDirectory(bundleOrRunFolder)) {
            return load(bundleOrRunFolder, null);
        }
        return new Inspector(ModelBundle.read(bundleOrRunFolder));
    }

    /**
     * Loads the models of {@code category} from a run folder, choosing the training set as
     * {@code dadda export} does (see {@link RunExport}).
     *
     * @param category the category, or null when the run has exactly one
     */
    public static Inspector load(Path runFolder, String category) {
        return new Inspector(RunExport.bundle(runFolder, category, null, null, null));
    }

    /** The models' bundle: category, classes, threshold, provenance. */
    public ModelBundle bundle() {
        return bundle;
    }

    /**
     * Inspects an image file.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a readable image
     */
    public Inspection inspect(Path imageFile) {
        return inspect(ImageFiles.read(imageFile));
    }

    /** Inspects one image (any size; gray or RGB). */
    public Inspection inspect(Image image) {
        return inspectAll(List.of(image)).get(0);
    }

    /** Inspects images in batches of {@value #BATCH}; results in input order. */
    public List<Inspection> inspectAll(List<Image> images) {
        List<Inspection> out = new ArrayList<>(images.size());
        for (int s = 0; s < images.size(); s += BATCH) {
            List<Image> part = images.subList(s, Math.min(images.size(), s + BATCH));
            List<Image> resized = new ArrayList<>(part.size());
            for (Image im : part) {
                resized.add(bundle.preprocessing().resize(im));
            }
            Tensor x = bundle.preprocessing().batch(resized);
            float[] maps;
            float[] probs;
            lock.lock();
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                maps = detector.forward(x).sigmoid().toArray();
                probs = classifier.forward(x).softmax(1).toArray();
            } finally {
                lock.unlock();
            }
            int n = part.size();
            int px = maps.length / n;
            int k = probs.length / n;
            for (int i = 0; i < n; i++) {
                out.add(result(part.get(i), Arrays.copyOfRange(maps, i * px, (i + 1) * px), Arrays.copyOfRange(probs, i * k, (i + 1) * k)));
            }
        }
        return out;
    }

    private Inspection result(Image image, float[] map, float[] prob) {
        float score = Detector.imageScore(map);
        List<String> classes = bundle.classes();
        Map<String, Double> p = new LinkedHashMap<>();
        int best = 0;
        for (int c = 0; c < prob.length; c++) {
            p.put(classes.get(c), (double) prob[c]);
            if (prob[c] > prob[best]) {
                best = c;
            }
        }
        double t = bundle.threshold().value();
        return new Inspection(score, t, score >= t, classes.get(best), p, map, bundle.preprocessing().resolution(), image.width(),
                image.height());
    }
}
