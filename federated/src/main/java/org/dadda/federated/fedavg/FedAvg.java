package org.dadda.federated.fedavg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dadda.federated.run.LogSink;
import org.dadda.nn.Module;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Federated averaging (McMahan et al., 2017), as the paper's distributed classification uses it
 * (Sec. IV-B, Table III): in every round a seeded fraction of the clients each copy the global
 * model, train it locally for E epochs at batch size B on their own shard, and the server replaces
 * the global weights by the average of the returned ones, weighted by sample count
 * ({@link StateAverager}).
 *
 * <p>The round loop is one for every place clients train ({@link ClientPool}): in this process
 * ({@link LocalClients}, one client after another, each local update already using every core)
 * or in node processes over the network. A client that throws, or misses its timeout or the
 * round's deadline, is left out of that round's average and logged; the round goes on with the
 * others, and when every client fails the global model stays as it was. Results depend only on
 * the seed, not on where the clients trained.
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

    /**
     * A FedAvg run whose clients train elsewhere, in the {@link ClientPool} given to
     * {@link #run(Module, ClientPool, int, RoundListener)} (the server of a networked run).
     */
    public FedAvg(FedAvgConfig config) {
        this(config, null, null);
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
     * Runs {@code config.rounds()} rounds over {@code clients}, trained in this process
     * ({@link LocalClients}), updating {@code global} in place.
     *
     * @return one report per round
     * @throws IllegalArgumentException when there are no clients or a shard's id is not its position
     */
    public List<RoundReport> run(Module global, List<ClientShard> clients, RoundListener listener) {
        if (factory == null) {
            throw new IllegalStateException("this FedAvg has no model factory and local trainer: run it with a ClientPool");
        }
        try (LocalClients local = new LocalClients(clients, config, factory, trainer, log)) {
            return run(global, local, 0, listener);
        }
    }

    /**
     * Runs rounds {@code firstRound .. config.rounds()-1} with clients that train in
     * {@code pool}, updating {@code global} in place: each round selects its clients
     * ({@link #select}), has the pool train them from the global weights, and replaces the
     * global weights by the sample-weighted mean of the updates that came back, in client-id
     * order; when none came back the global weights stay as they were. A resumed run passes the
     * weights after round {@code firstRound - 1} as {@code global} and gives the weights of an
     * uninterrupted run.
     *
     * @return one report per round run
     */
    public List<RoundReport> run(Module global, ClientPool pool, int firstRound, RoundListener listener) {
        if (firstRound < 0) {
            throw new IllegalArgumentException("first round must be >= 0, got " + firstRound);
        }
        List<RoundReport> reports = new ArrayList<>();
        for (int round = firstRound; round < config.rounds(); round++) {
            RoundReport report = round(round, global, pool);
            reports.add(report);
            if (listener != null) {
                listener.afterRound(report, global);
            }
        }
        return reports;
    }

    private RoundReport round(int round, Module global, ClientPool pool) {
        List<Integer> selected = select(pool.clientCount(), config.clientFraction(), config.seed(), round);
        Map<String, Tensor> globalState = StateAverager.snapshot(global.stateDict());
        long t0 = System.nanoTime();
        RoundResults results = pool.train(round, selected, globalState);
        long t1 = System.nanoTime();
        List<Map<String, Tensor>> states = new ArrayList<>();
        long[] counts = new long[results.updates().size()];
        for (ClientUpdate u : results.updates().values()) {
            counts[states.size()] = u.samples();
            states.add(u.state());
        }
        if (!states.isEmpty()) {
            global.loadStateDict(StateAverager.weightedMean(states, counts), true);
        } else {
            log.accept("fedavg: round " + round + ": no client finished; the global model is unchanged");
        }
        long t2 = System.nanoTime();
        return new RoundReport(round, selected, new ArrayList<>(results.updates().keySet()), results.failures(), t1 - t0, t2 - t1);
    }
}
