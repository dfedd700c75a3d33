package org.dadda.federated.fedavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FedAvgTest {
    private static final long SEED = 42;

    @Test
    void oneClientEqualsCentralisedTraining() {
        Blobs data = new Blobs(3, 20, 4, 1.0, 7);
        int epochs = 3;
        int batch = 8;
        LocalTrainer sgd = data.sgd(0.05);
        TinyNet fed = new TinyNet(4, 6, 3, 1);
        List<ClientShard> one = List.of(new ClientShard(0, Blobs.range(0, data.y.length)));
        new FedAvg(FedAvgConfig.of(1, epochs, batch, SEED), () -> new TinyNet(4, 6, 3, 99), sgd).run(fed, one, null);

        TinyNet central = new TinyNet(4, 6, 3, 1);
        try {
            sgd.train(central, one.get(0), epochs, batch, FedAvg.clientRng(SEED, 0, 0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, Tensor> a = fed.stateDict();
        Map<String, Tensor> b = central.stateDict();
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(b.get(k).toArray(), a.get(k).toArray(), 0f, k);
        }
        // Training did happen (the running mean left its initial zeros).
        assertTrue(Math.abs(a.get("running_mean").toArray()[0]) > 0);
    }

    @Test
    void failingAndStalledClientsAreLeftOutAndTrainingGoesOn() {
        Blobs data = new Blobs(3, 20, 4, 1.0, 7);
        List<ClientShard> shards = Partitioners.iid(data.y.length, 4, SEED);
        LocalTrainer sgd = data.sgd(0.05);
        LocalTrainer flaky = (model, shard, epochs, b, rng) -> {
            if (shard.id() == 1) {
                throw new IllegalStateException("client 1 lost its camera");
            }
            if (shard.id() == 2) {
                Thread.sleep(60_000);
            }
            sgd.train(model, shard, epochs, b, rng);
        };
        List<String> log = new ArrayList<>();
        TinyNet global = new TinyNet(4, 6, 3, 1);
        FedAvgConfig cfg = new FedAvgConfig(2, 1, 8, 1.0, SEED, 2_000);
        List<RoundReport> reports = new FedAvg(cfg, () -> new TinyNet(4, 6, 3, 5), flaky).log(log::add).run(global, shards, null);
        assertEquals(2, reports.size());
        for (RoundReport r : reports) {
            assertEquals(List.of(0, 1, 2, 3), r.selected());
            assertEquals(List.of(0, 3), r.aggregated());
            assertTrue(r.failures().get(1).contains("lost its camera"), r.failures().toString());
            assertTrue(r.failures().get(2).contains("timed out"), r.failures().toString());
        }
        assertEquals(4, log.size(), log.toString());

        // The result is exactly FedAvg over the two healthy clients.
        TinyNet reference = new TinyNet(4, 6, 3, 1);
        LocalTrainer healthyOnly = (model, shard, epochs, b, rng) -> sgd.train(model, shard, epochs, b, rng);
        List<ClientShard> healthy = shards;
        FedAvg ref = new FedAvg(FedAvgConfig.of(2, 1, 8, SEED), () -> new TinyNet(4, 6, 3, 5), (m, s, e, b, r) -> {
            if (s.id() == 1 || s.id() == 2) {
                throw new IllegalStateException("skip");
            }
            healthyOnly.train(m, s, e, b, r);
        }).log(x -> { });
        ref.run(reference, healthy, null);
        for (var e : reference.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), global.stateDict().get(e.getKey()).toArray(), 0f, e.getKey());
        }
    }

    @Test
    void allClientsFailingLeavesTheGlobalModelUnchanged() {
        TinyNet global = new TinyNet(4, 6, 3, 1);
        float[] before = global.stateDict().get("w1").toArray();
        List<String> log = new ArrayList<>();
        new FedAvg(FedAvgConfig.of(1, 1, 8, SEED), () -> new TinyNet(4, 6, 3, 5), (m, s, e, b, r) -> {
            throw new RuntimeException("down");
        }).log(log::add).run(global, Partitioners.iid(10, 2, 1), null);
        assertArrayEquals(before, global.stateDict().get("w1").toArray());
        assertTrue(log.get(log.size() - 1).contains("unchanged"));
    }

    @Test
    void iidBeatsLabelWiseNonIid() {
        int classes = 4;
        Blobs train = new Blobs(classes, 40, 6, 1.2, 11);
        // The last quarter of the samples (all classes interleaved) is held out for testing.
        int n = train.y.length;
        int[] trainIdx = Blobs.range(0, n * 3 / 4);
        int[] testIdx = Blobs.range(n * 3 / 4, n);
        int[] trainLabels = train.labels(trainIdx);
        FedAvgConfig cfg = FedAvgConfig.of(4, 5, 8, SEED);
        TinyNet iid = new TinyNet(6, 16, classes, 3);
        List<ClientShard> iidShards = remap(Partitioners.iid(trainIdx.length, classes, SEED), trainIdx);
        new FedAvg(cfg, () -> new TinyNet(6, 16, classes, 0), train.sgd(0.1)).run(iid, iidShards, null);
        TinyNet nonIid = new TinyNet(6, 16, classes, 3);
        List<ClientShard> labelShards = remap(Partitioners.labelWise(trainLabels, classes), trainIdx);
        new FedAvg(cfg, () -> new TinyNet(6, 16, classes, 0), train.sgd(0.1)).run(nonIid, labelShards, null);
        double accIid = train.accuracy(iid, testIdx);
        double accNon = train.accuracy(nonIid, testIdx);
        assertTrue(accIid > 0.8, "IID accuracy " + accIid);
        assertTrue(accIid > accNon + 0.2, "IID " + accIid + " vs non-IID " + accNon);
    }

    private static List<ClientShard> remap(List<ClientShard> shards, int[] base) {
        List<ClientShard> out = new ArrayList<>();
        for (ClientShard s : shards) {
            int[] idx = new int[s.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = base[s.indices()[i]];
            }
            out.add(new ClientShard(s.id(), idx));
        }
        return out;
    }
}
