package org.dadda.federated.downstream;

import java.nio.file.Path;
import org.dadda.federated.config.Profile;
import org.dadda.federated.fedavg.LocalTrainer;
import org.dadda.federated.fedavg.Table3;
import org.dadda.nn.Module;
import org.dadda.nn.models.ResNet;

/**
 * The distributed classification task of Table III on a node's training and test sets: F_cls as
 * the profile builds it (optionally from pre-trained weights), Adam local updates at the
 * profile's learning rate, class probabilities on the test set. The networked FedAvg node uses
 * it, so its clients train exactly as the in-process grid's.
 */
public final class ClassifierTask implements Table3.Task {
    private final Profile profile;
    private final LabelledImages train;
    private final LabelledImages test;
    private final Path init;

    /**
     * The task of {@code train} and {@code test} under {@code profile}.
     *
     * @param init pre-trained torchvision weights, or null to train from scratch
     */
    public ClassifierTask(Profile profile, LabelledImages train, LabelledImages test, Path init) {
        this.profile = profile;
        this.train = train;
        this.test = test;
        this.init = init;
    }

    /** F_cls for {@code classes} defect types with {@code seed}, from {@code init} when given: the global model's first weights. */
    public static ResNet model(Profile profile, int classes, long seed, Path init) {
        ResNet m = ClassifierRun.model(profile, classes, seed, init != null);
        if (init != null) {
            Classifier.loadPretrained(m, init);
        }
        return m;
    }

    @Override
    public int trainSize() {
        return train.size();
    }

    @Override
    public int[] trainLabels() {
        return train.labels();
    }

    @Override
    public int classes() {
        return train.classes();
    }

    @Override
    public Module newModel(long seed) {
        return model(profile, train.classes(), seed, init);
    }

    @Override
    public LocalTrainer trainer() {
        return Classifier.localTrainer(train, profile.classifierLr());
    }

    @Override
    public float[][] testProbabilities(Module model) {
        return Classifier.probabilities((ResNet) model, test.images());
    }

    @Override
    public int[] testLabels() {
        return test.labels();
    }
}
