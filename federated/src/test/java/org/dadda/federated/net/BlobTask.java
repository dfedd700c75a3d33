package org.dadda.federated.net;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.federated.fedavg.Blobs;
import java.util.function.UnaryOperator;
import org.dadda.federated.fedavg.ClientPool;
import org.dadda.federated.fedavg.ClientShard;
import org.dadda.federated.fedavg.FedAvg;
import org.dadda.federated.fedavg.FedAvgConfig;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.LocalClients;
import org.dadda.federated.fedavg.LocalTrainer;
import org.dadda.federated.fedavg.TinyNet;
import org.dadda.federated.privacy.Digests;
import org.dadda.nn.Module;
import org.dadda.tensor.Tensor;

/**
 * The small FedAvg task every networked FedAvg test runs, the same in the test's JVM and in the
 * node processes: three Gaussian blobs, the first 45 samples for training and the last 15 for
 * testing, a {@link TinyNet}, plain SGD.
 */
final class BlobTask {
    static final int CLASSES = 3;
    static final Blobs DATA = new Blobs(CLASSES, 20, 4, 1.0, 7);
    static final int[] TRAIN = Blobs.range(0, 45);
    static final int[] TEST = Blobs.range(45, 60);

    private BlobTask() {
    }

    /** A job of {@code clients} IID clients. */
    static FedAvgJob job(int clients, int rounds, int epochs, long seed) {
        return new FedAvgJob("blobs", clients, true, new FedAvgConfig(rounds, epochs, 8, 1.0, seed, 0));
    }

    /** The initial global model of a job with {@code seed}. */
    static TinyNet model(long seed) {
        return new TinyNet(4, 6, CLASSES, seed);
    }

    /** The job's clients on the training samples; each local update first sleeps {@code slowMillis} (a slow machine). */
    static LocalClients clients(FedAvgJob job, long slowMillis) {
        List<ClientShard> shards = new ArrayList<>();
        for (ClientShard s : job.shards(DATA.labels(TRAIN), CLASSES)) {
            int[] idx = new int[s.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = TRAIN[s.indices()[i]];
            }
            shards.add(new ClientShard(s.id(), idx));
        }
        LocalTrainer sgd = DATA.sgd(0.05);
        LocalTrainer trainer = slowMillis == 0 ? sgd : (m, s, e, b, rng) -> {
            Thread.sleep(slowMillis);
            sgd.train(m, s, e, b, rng);
        };
        return new LocalClients(shards, job.config(), () -> model(0), trainer, line -> System.err.println(line));
    }

    /**
     * The job run in this process from its seed's initial model, with the clients of
     * {@code where} (given the in-process clients; {@code p -> p} for them alone).
     */
    static Module inProcess(FedAvgJob job, UnaryOperator<ClientPool> where, FedAvg.RoundListener listener) {
        Module global = model(job.config().seed());
        try (LocalClients clients = clients(job, 0)) {
            new FedAvg(job.config()).log(line -> { }).run(global, where.apply(clients), 0, listener);
        }
        return global;
    }

    /** Test accuracy of a state dict. */
    static double accuracy(Map<String, Tensor> state) {
        Module m = model(0);
        m.loadStateDict(state, true);
        return DATA.accuracy(m, TEST);
    }

    /** SHA-256 of a state dict's names, shapes and float bits, in order. */
    static String digest(Map<String, Tensor> state) {
        MessageDigest md = Digests.sha256();
        for (var e : state.entrySet()) {
            md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int d : e.getValue().shape()) {
                md.update(ByteBuffer.allocate(4).putInt(d).array());
            }
            float[] v = e.getValue().toArray();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length);
            for (float f : v) {
                b.putInt(Float.floatToRawIntBits(f));
            }
            md.update(b.array());
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
