package org.dadda.federated.fedavg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dadda.federated.run.LogSink;
import org.dadda.nn.Module;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Clients that train in this process, one after another (each local update already uses every
 * core), each on its shard of one dataset with the random stream {@link FedAvg#clientRng}. The
 * in-process FedAvg uses it for every client; a node process uses it for the clients the server
 * assigned to it.
 *
 * <p>A client that throws, or that is still training after the configured timeout, is reported
 * as failed and logged. A timed-out client is interrupted; Java cannot stop a thread that ignores
 * interruption, so its training may run on in the background (node processes, which the server
 * drops at its round deadline, do not have this limit).
 */
public final class LocalClients implements ClientPool, AutoCloseable {
    private final List<ClientShard> shards;
    private final FedAvgConfig config;
    private final Supplier<? extends Module> factory;
    private final LocalTrainer trainer;
    private final Consumer<String> log;
    private ExecutorService pool;

    /**
     * Clients {@code shards} (shard {@code i} has id {@code i}) training with {@code trainer} for
     * {@code config}'s local epochs and batch size; {@code factory} builds a model of the global
     * model's architecture for each client.
     *
     * @throws IllegalArgumentException when there are no shards or a shard's id is not its position
     */
    public LocalClients(List<ClientShard> shards, FedAvgConfig config, Supplier<? extends Module> factory, LocalTrainer trainer,
                        Consumer<String> log) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("FedAvg needs at least one client");
        }
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).id() != i) {
                throw new IllegalArgumentException("client shard at position " + i + " has id " + shards.get(i).id());
            }
        }
        this.shards = List.copyOf(shards);
        this.config = config;
        this.factory = factory;
        this.trainer = trainer;
        this.log = log == null ? LogSink.of(LocalClients.class) : log;
    }

    @Override
    public int clientCount() {
        return shards.size();
    }

    /** The shard of client {@code id}. */
    public ClientShard shard(int id) {
        return shards.get(id);
    }

    @Override
    public RoundResults train(int round, List<Integer> selected, Map<String, Tensor> globalState) {
        TreeMap<Integer, ClientUpdate> updates = new TreeMap<>();
        Map<Integer, String> failures = new LinkedHashMap<>();
        for (int id : selected) {
            ClientShard shard = shards.get(id);
            if (shard.size() == 0) {
                failures.put(id, "no samples");
                continue;
            }
            try {
                updates.put(id, new ClientUpdate(id, trainClient(round, shard, globalState), shard.size()));
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                String why = e instanceof TimeoutException ? "timed out after " + config.clientTimeoutMillis() + " ms"
                        : String.valueOf(e);
                failures.put(id, why);
                log.accept("fedavg: round " + round + ": client " + id + " left out of the average: " + why);
            }
        }
        return new RoundResults(updates, failures);
    }

    private Map<String, Tensor> trainClient(int round, ClientShard shard, Map<String, Tensor> globalState) throws Exception {
        Module local = factory.get();
        local.loadStateDict(globalState, true);
        local.train(true);
        Rng rng = FedAvg.clientRng(config.seed(), round, shard.id());
        if (config.clientTimeoutMillis() == 0) {
            trainer.train(local, shard, config.localEpochs(), config.batchSize(), rng);
        } else {
            // The backend choice is per thread: carry the caller's over to the client's thread.
            Backend backend = Backends.current();
            Future<?> f = executor().submit(() -> {
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
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw new RuntimeException(cause);
            }
        }
        return StateAverager.snapshot(local.stateDict());
    }

    private synchronized ExecutorService executor() {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fedavg-client");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stops the threads of timed clients. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
