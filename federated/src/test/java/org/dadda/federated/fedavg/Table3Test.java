package org.dadda.federated.fedavg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dadda.nn.Module;
import org.dadda.tensor.Autograd;
import org.junit.jupiter.api.Test;

class Table3Test {
    private static Table3.Task task(Blobs data, int[] train, int[] test, int classes) {
        int[] trainLabels = data.labels(train);
        return new Table3.Task() {
            public int trainSize() {
                return train.length;
            }

            public int[] trainLabels() {
                return trainLabels;
            }

            public int classes() {
                return classes;
            }

            public Module newModel(long seed) {
                return new TinyNet(6, 16, classes, seed);
            }

            public LocalTrainer trainer() {
                LocalTrainer sgd = data.sgd(0.1);
                // Shards index the training subset; map to dataset rows.
                return (m, s, e, b, r) -> {
                    int[] idx = new int[s.size()];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = train[s.indices()[i]];
                    }
                    sgd.train(m, new ClientShard(s.id(), idx), e, b, r);
                };
            }

            public float[][] testProbabilities(Module model) {
                TinyNet net = (TinyNet) model;
                net.eval();
                try (Autograd.NoGrad ng = Autograd.noGrad()) {
                    float[] v = net.forward(data.batch(test)).softmax(1).toArray();
                    float[][] out = new float[test.length][classes];
                    for (int i = 0; i < test.length; i++) {
                        System.arraycopy(v, i * classes, out[i], 0, classes);
                    }
                    net.train(true);
                    return out;
                }
            }

            public int[] testLabels() {
                return data.labels(test);
            }
        };
    }

    @Test
    void runsTheCentralisedRowThenEveryCellInThePapersOrder() {
        Blobs data = new Blobs(4, 40, 6, 1.2, 11);
        int n = data.y.length;
        Table3.Task t = task(data, Blobs.range(0, n * 3 / 4), Blobs.range(n * 3 / 4, n), 4);
        List<String> log = new ArrayList<>();
        int[] cells = {0};
        List<Table3.Row> rows = Table3.run(GridSpec.parse("clients=nd-noniid,nd,200;b=8;e=1,5"), t, 3, 8, 42, log::add, () -> cells[0]++);
        // Centralised + 2 settings x 2 epochs (200 IID clients skipped: 120 samples).
        assertEquals(5, rows.size());
        assertEquals(5, cells[0]);
        assertTrue(log.get(0).contains("200"), log.toString());
        Table3.Row c = rows.get(0);
        assertTrue(c.centralized());
        assertEquals(1, c.clients());
        assertEquals(5, c.epochs());
        assertEquals(List.of(false, false, true, true), rows.subList(1, 5).stream().map(Table3.Row::iid).toList());
        assertEquals(List.of(1, 5, 1, 5), rows.subList(1, 5).stream().map(Table3.Row::epochs).toList());
        for (Table3.Row r : rows) {
            assertEquals(3, r.accuracyPerRound().size());
            assertEquals(r.accuracyPerRound().get(2), r.fPro());
            assertTrue(r.uPro() >= r.fPro());
            assertTrue(r.aggregationShare() >= 0 && r.aggregationShare() < 1);
            Table3.Row back = Table3.fromJson((java.util.Map<?, ?>) org.dadda.tensor.util.Json.parse(org.dadda.tensor.util.Json.write(Table3.toJson(r))));
            assertEquals(r.fPro(), back.fPro());
            assertEquals(r.clientsLabel(), back.clientsLabel());
        }
        // IID with E = 5 beats label-wise non-IID with E = 5 on this task.
        assertTrue(rows.get(4).fPro() > rows.get(2).fPro() + 0.1, rows.get(4).fPro() + " vs " + rows.get(2).fPro());
        assertTrue(c.fPro() > 0.8, "centralised " + c.fPro());
    }

    @Test
    void gridSpecParsesAndRefuses() {
        assertEquals(27, GridSpec.paper().clientSettings().size() * GridSpec.paper().batchSizes().size()
                * GridSpec.paper().localEpochs().size());
        GridSpec g = GridSpec.parse("clients=Nd;b=16,32;e=10");
        assertEquals(List.of(16, 32), g.batchSizes());
        assertTrue(g.clientSettings().get(0).iid());
        assertThrows(IllegalArgumentException.class, () -> GridSpec.parse("clients=nd;b=0;e=1"));
        assertThrows(IllegalArgumentException.class, () -> GridSpec.parse("bogus"));
        assertThrows(IllegalArgumentException.class, () -> new GridSpec.ClientSetting(4, false));
        assertFalse(GridSpec.small().clientSettings().get(0).iid());
    }
}
