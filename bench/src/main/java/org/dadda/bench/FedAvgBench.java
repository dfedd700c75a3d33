package org.dadda.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dadda.augment.image.Image;
import org.dadda.federated.config.Profile;
import org.dadda.federated.downstream.Classifier;
import org.dadda.federated.downstream.ClassifierRun;
import org.dadda.federated.downstream.LabelledImages;
import org.dadda.federated.fedavg.ClientShard;
import org.dadda.federated.fedavg.FedAvg;
import org.dadda.federated.fedavg.FedAvgConfig;
import org.dadda.federated.fedavg.Partitioners;
import org.dadda.federated.fedavg.RoundReport;
import org.dadda.federated.fedavg.StateAverager;
import org.dadda.nn.models.ResNet;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One FedAvg round of the distributed classifier (Table III) with N_C = N_d clients, one per
 * defect type (non-IID), E = 1 local epoch at the profile's batch size, at the quick and cpu
 * profiles' resolution and classifier. {@code round} is the whole round (local training of every
 * client and the weighted average); {@code aggregate} is the averaging alone (N_d state dicts
 * averaged and loaded into the global model), so the share of a round spent in aggregation is
 * {@code aggregate / round}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class FedAvgBench {
    /** Defect types N_d, hence clients. */
    static final int CLASSES = 3;
    /** Training images per defect type held by each client. */
    static final int PER_CLASS = 16;

    /** A profile's classifier, a label-wise partition of random images and the clients' trained states. */
    @State(Scope.Benchmark)
    public static class Round {
        @Param({"quick", "cpu"})
        public String profile;

        Profile p;
        LabelledImages train;
        List<ClientShard> shards;
        ResNet global;
        List<Map<String, Tensor>> clientStates;
        long[] counts;

        /** Builds everything once per trial. */
        @Setup(Level.Trial)
        public void setup() {
            p = Profile.named(profile);
            int s = p.resolution();
            Rng rng = new Rng(7);
            List<Image> images = new ArrayList<>();
            int[] labels = new int[CLASSES * PER_CLASS];
            for (int i = 0; i < labels.length; i++) {
                float[] px = new float[3 * s * s];
                for (int k = 0; k < px.length; k++) {
                    px[k] = rng.nextFloat();
                }
                images.add(new Image(3, s, s, px));
                labels[i] = i % CLASSES;
            }
            train = new LabelledImages(images, labels, List.of("a", "b", "c"));
            shards = Partitioners.labelWise(labels, CLASSES);
            global = ClassifierRun.model(p, CLASSES, 0, false);
            clientStates = new ArrayList<>();
            counts = new long[CLASSES];
            for (int c = 0; c < CLASSES; c++) {
                clientStates.add(StateAverager.snapshot(ClassifierRun.model(p, CLASSES, c + 1, false).stateDict()));
                counts[c] = shards.get(c).size();
            }
        }
    }

    /** One round: every client trains one epoch from the global weights, then the weights are averaged. */
    @Benchmark
    public RoundReport round(Round s) {
        FedAvg fed = new FedAvg(FedAvgConfig.of(1, 1, s.p.classifierBatch(), 11), () -> ClassifierRun.model(s.p, CLASSES, 0, false),
                Classifier.localTrainer(s.train, s.p.classifierLr())).log(line -> { });
        return fed.run(s.global, s.shards, null).get(0);
    }

    /** The server's part of a round: the sample-weighted average of N_d client states, loaded into the global model. */
    @Benchmark
    public ResNet aggregate(Round s) {
        s.global.loadStateDict(StateAverager.weightedMean(s.clientStates, s.counts), true);
        return s.global;
    }
}
