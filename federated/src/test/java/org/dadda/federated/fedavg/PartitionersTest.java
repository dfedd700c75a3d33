package org.dadda.federated.fedavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionersTest {
    @Test
    void iidCoversEverySampleOnceWithBalancedShards() {
        List<ClientShard> s = Partitioners.iid(23, 5, 3);
        assertEquals(5, s.size());
        int[] all = s.stream().flatMapToInt(c -> Arrays.stream(c.indices())).sorted().toArray();
        assertArrayEquals(Blobs.range(0, 23), all);
        for (ClientShard c : s) {
            assertTrue(c.size() == 4 || c.size() == 5, "size " + c.size());
        }
        assertArrayEquals(s.get(0).indices(), Partitioners.iid(23, 5, 3).get(0).indices());
        assertNotEquals(Arrays.toString(s.get(0).indices()), Arrays.toString(Partitioners.iid(23, 5, 4).get(0).indices()));
        assertThrows(IllegalArgumentException.class, () -> Partitioners.iid(3, 5, 1));
    }

    @Test
    void labelWiseGivesEachClientOneClass() {
        int[] labels = {2, 0, 1, 2, 2, 0};
        List<ClientShard> s = Partitioners.labelWise(labels, 3);
        assertArrayEquals(new int[] {1, 5}, s.get(0).indices());
        assertArrayEquals(new int[] {2}, s.get(1).indices());
        assertArrayEquals(new int[] {0, 3, 4}, s.get(2).indices());
        assertThrows(IllegalArgumentException.class, () -> Partitioners.labelWise(new int[] {3}, 3));
    }

    @Test
    void clientFractionSelectsASeededSubset() {
        assertEquals(List.of(0, 1, 2, 3), FedAvg.select(4, 1.0, 1, 0));
        List<Integer> a = FedAvg.select(10, 0.3, 1, 0);
        assertEquals(3, a.size());
        assertEquals(a, FedAvg.select(10, 0.3, 1, 0));
        boolean differs = false;
        for (int r = 1; r < 5; r++) {
            differs |= !a.equals(FedAvg.select(10, 0.3, 1, r));
        }
        assertTrue(differs);
        assertEquals(1, FedAvg.select(10, 0.01, 1, 0).size());
    }
}
