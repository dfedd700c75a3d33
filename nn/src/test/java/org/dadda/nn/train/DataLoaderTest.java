package org.dadda.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {

    private static List<String> drain(DataLoader.Epoch<String> epoch) {
        List<String> out = new ArrayList<>();
        while (epoch.hasNext()) {
            out.add(epoch.next());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void deliversBatchesInSamplerOrder(int prefetch) {
        BatchSampler sampler = new BatchSampler(23, 5, true, false, 9);
        List<String> expected = new ArrayList<>();
        for (int[] b : sampler.batches(2)) {
            expected.add(Arrays.toString(b));
        }
        try (DataLoader<String> loader = new DataLoader<>(sampler, Arrays::toString, prefetch);
             DataLoader.Epoch<String> epoch = loader.epoch(2)) {
            assertEquals(5, epoch.size());
            assertEquals(expected, drain(epoch));
            assertThrows(NoSuchElementException.class, epoch::next);
        }
    }

    @Test
    void loadsOnOneBackgroundThreadOnlyWithPrefetch() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        BatchSampler sampler = new BatchSampler(12, 3, false, false, 0);
        try (DataLoader<String> loader = new DataLoader<>(sampler, b -> {
            threads.add(Thread.currentThread().getName());
            return "";
        }, 2)) {
            for (int e = 0; e < 3; e++) {
                try (DataLoader.Epoch<String> epoch = loader.epoch(e)) {
                    assertEquals(4, drain(epoch).size());
                }
            }
        }
        assertEquals(Set.of("dadda-data-loader"), threads);
        threads.clear();
        try (DataLoader<String> loader = new DataLoader<>(sampler, b -> {
            threads.add(Thread.currentThread().getName());
            return "";
        }, 0); DataLoader.Epoch<String> epoch = loader.epoch(0)) {
            drain(epoch);
        }
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void prefetchIsBounded() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        BatchSampler sampler = new BatchSampler(100, 1, false, false, 0);
        try (DataLoader<String> loader = new DataLoader<>(sampler, b -> {
            loads.incrementAndGet();
            return "";
        }, 2); DataLoader.Epoch<String> epoch = loader.epoch(0)) {
            epoch.next();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (loads.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            // One taken, two queued, and at most one loaded that waits for room.
            assertTrue(loads.get() >= 3, "loaded " + loads.get());
            assertTrue(loads.get() <= 4, "loaded " + loads.get());
        }
    }

    @Test
    void loaderFailureReachesTheCaller() {
        BatchSampler sampler = new BatchSampler(10, 2, false, false, 0);
        try (DataLoader<String> loader = new DataLoader<>(sampler, b -> {
            if (b[0] == 4) {
                throw new IllegalStateException("bad sample 4");
            }
            return Arrays.toString(b);
        }, 2); DataLoader.Epoch<String> epoch = loader.epoch(0)) {
            assertEquals("[0, 1]", epoch.next());
            assertEquals("[2, 3]", epoch.next());
            BatchLoadException e = assertThrows(BatchLoadException.class, epoch::next);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getMessage().contains("batch 2 of epoch 0 ([4, 5])"), e.getMessage());
            assertFalse(epoch.hasNext());
        }
    }

    @Test
    void closingEarlyStopsLoadingAndTheThread() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch firstLoaded = new CountDownLatch(1);
        BatchSampler sampler = new BatchSampler(1000, 1, false, false, 0);
        DataLoader<String> loader = new DataLoader<>(sampler, b -> {
            loads.incrementAndGet();
            firstLoaded.countDown();
            return "";
        }, 1);
        DataLoader.Epoch<String> first = loader.epoch(0);
        assertTrue(firstLoaded.await(5, TimeUnit.SECONDS));
        DataLoader.Epoch<String> second = loader.epoch(1); // closes the first
        assertFalse(first.hasNext());
        second.next();
        loader.close();
        int after = loads.get();
        Thread.sleep(100);
        assertEquals(after, loads.get(), "no loading after close");
        assertTrue(after < 10, "loaded " + after);
        assertThrows(IllegalStateException.class, () -> loader.epoch(2));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("dadda-data-loader") && t.isAlive()
                        && t.getState() != Thread.State.TERMINATED), "loader thread stopped");
    }
}
