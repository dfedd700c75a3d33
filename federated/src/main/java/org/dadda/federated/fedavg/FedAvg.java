package org.dadda.federated.fedavg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dadda.federated.run.LogSink;
import java.util.function.Supplier;
import org.dadda.nn.Module;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Federated averaging (McMahan et al., 2017), as the paper's distributed classification uses it
 * (Sec. IV-B, Table III): in every round a seeded fraction of the clients each copy the global
 * model, train it locally for E epochs at batch size B on their own shard, and the server replaces
 * the global weights by the average of the returned ones, weighted by sample count
 * ({@link StateAverager}).
 *
 * <p>A client that throws, or that is still training after the configured timeout, is left out of
 * that round's average and logged; the round goes on with the others, and when every client
 * fails the global model stays as it was. Clients train one after another (each local update
 * already uses every core), so results depend only on the seed.
 */
public final class FedAvg {
    /** Called after every round with the new global model, e.g. to evaluate it. */
    @FunctionalInterface
    public interface RoundListener {
        /** Round {@code report.round()} has finished and {@code global} holds its average. */
        void afterRound(RoundReport report, Module global);
    }

    private final FedAvgConfig config;
    private final Supplier<? extends Module> factory;
    private final LocalTrainer trainer;
    private Consumer<String> log = LogSink.of(FedAvg.class);

    /**
     * A FedAvg run with {@code config}; {@code factory} builds a fresh model of the global
     * model's architecture for each client, {@code trainer} is the local update.
     */
    public FedAvg(FedAvgConfig config, Supplier<? extends Module> factory, LocalTrainer trainer) {
        this.config = config;
        this.factory = factory;
        this.trainer = trainer;
    }

    /** Sends log lines (left-out clients) to {@code sink}; returns this. */
    public FedAvg log(Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    /** The random stream of client {@code client} in round {@code round}: the same in every run with this seed. */
    public static Rng clientRng(long seed, int round, int client) {
        return new Rng(seed).fork(1_000_003L * round + client + 1);
    }

    /**
     * The clients selected in {@code round}: all of them when the fraction is 1, otherwise
     * {@code max(1, round(C * K))} drawn without replacement with the round's seed, in id order.
     */
    public static List<Integer> select(int clientCount, double fraction, long seed, int round) {
        int m = fraction >= 1 ? clientCount : Math.max(1, Math.min(clientCount, (int) Math.round(fraction * clientCount)));
        int[] ids = new int[clientCount];
        for (int i = 0; i < clientCount; i++) {
            ids[i] = i;
        }
        if (m < clientCount) {
            new Rng(seed).fork(-1L - round).shuffle(ids);
        }
        int[] chosen = Arrays.copyOf(ids, m);
        Arrays.sort(chosen);
        List<Integer> out = new ArrayList<>();
        for (int c : chosen) {
            out.add(c);
        }
        return out;
    }

    /**
     * Runs {@code config.rounds()} rounds over {@code clients}, updating {@code global} in place.
     *
     * @return one report per round
     * @throws IllegalArgumentException when there are no clients or a shard's id is not its position
     */
    public List<RoundReport> run(Module global, List<ClientShard> clients, RoundListener listener) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("FedAvg needs at least one client");
        }
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).id() != i) {
                throw new IllegalArgumentException("client shard at position " + i + " has id " + clients.get(i).id());
            }
        }
        List<RoundReport> reports = new ArrayList<>();
        ExecutorService pool = config.clientTimeoutMillis() > 0 ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fedavg-client");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            for (int round = 0; round < config.rounds(); round++) {
                RoundReport report = round(round, global, clients, pool);
                reports.add(report);
                if (listener != null) {
                    listener.afterRound(report, global);
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return reports;
    }

    private RoundReport round(int round, Module global, List<ClientShard> clients, ExecutorService pool) {
        List<Integer> selected = select(clients.size(), config.clientFraction(), config.seed(), round);
        Map<String, Tensor> globalState = StateAverager.snapshot(global.stateDict());
        List<Map<String, Tensor>> states = new ArrayList<>();
        List<Integer> aggregated = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        Map<Integer, String> failures = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (int id : selected) {
            ClientShard shard = clients.get(id);
            if (shard.size() == 0) {
                failures.put(id, "no samples");
                continue;
            }
            try {
                Map<String, Tensor> result = trainClient(round, shard, globalState, pool);
                states.add(result);
                aggregated.add(id);
                counts.add((long) shard.size());
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                String why = e instanceof TimeoutException ? "timed out after " + config.clientTimeoutMillis() + " ms"
                        : String.valueOf(e);
                failures.put(id, why);
                log.accept("fedavg: round " + round + ": client " + id + " left out of the average: " + why);
            }
        }
        long t1 = System.nanoTime();
        if (!states.isEmpty()) {
            long[] c = counts.stream().mapToLong(Long::longValue).toArray();
            global.loadStateDict(StateAverager.weightedMean(states, c), true);
        } else {
            log.accept("fedavg: round " + round + ": no client finished; the global model is unchanged");
        }
        long t2 = System.nanoTime();
        return new RoundReport(round, selected, aggregated, failures, t1 - t0, t2 - t1);
    }

    private Map<String, Tensor> trainClient(int round, ClientShard shard, Map<String, Tensor> globalState,
                                            ExecutorService pool) throws Exception {
        Module local = factory.get();
        local.loadStateDict(globalState, true);
        local.train(true);
        Rng rng = clientRng(config.seed(), round, shard.id());
        if (pool == null) {
            trainer.train(local, shard, config.localEpochs(), config.batchSize(), rng);
        } else {
            // The backend choice is per thread: carry the caller's over to the client's thread.
            Backend backend = Backends.current();
            Future<?> f = pool.submit(() -> {
                try (Backends.Scope s = Backends.use(backend)) {
                    trainer.train(local, shard, config.localEpochs(), config.batchSize(), rng);
                }
                return null;
            });
            try {
                f.get(config.clientTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw new RuntimeException(cause);
            }
        }
        return StateAverager.snapshot(local.stateDict());
    }
}
