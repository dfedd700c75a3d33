package org.dadda.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    @Test
    void sequentialBatchesKeepTheLastPartialBatch() {
        BatchSampler s = new BatchSampler(10, 4, false, false, 0);
        assertEquals(3, s.batchesPerEpoch());
        List<int[]> b = s.batches(0);
        assertArrayEquals(new int[] {0, 1, 2, 3}, b.get(0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, b.get(1));
        assertArrayEquals(new int[] {8, 9}, b.get(2));
        assertArrayEquals(b.get(2), s.batches(5).get(2), "no shuffling: every epoch alike");
    }

    @Test
    void dropLastDropsThePartialBatch() {
        BatchSampler s = new BatchSampler(10, 4, true, true, 1);
        assertEquals(2, s.batchesPerEpoch());
        assertEquals(2, s.batches(3).size());
        s.batches(3).forEach(b -> assertEquals(4, b.length));
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(3, 4, false, true, 0));
    }

    @Test
    void shuffleIsASeededPermutationPerEpoch() {
        BatchSampler s = new BatchSampler(1000, 32, true, false, 42);
        int[] e0 = s.order(0);
        int[] sorted = e0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(e0, new BatchSampler(1000, 32, true, false, 42).order(0), "same seed, same epoch");
        assertArrayEquals(s.order(7), s.order(7), "replayable");
        assertFalse(Arrays.equals(e0, s.order(1)), "epochs differ");
        assertFalse(Arrays.equals(e0, new BatchSampler(1000, 32, true, false, 43).order(0)), "seeds differ");
        int[] flat = s.batches(0).stream().flatMapToInt(Arrays::stream).toArray();
        assertArrayEquals(e0, flat, "batches follow the order");
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(0, 1, false, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(5, 0, false, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(5, 1, false, false, 0).order(-1));
    }
}
