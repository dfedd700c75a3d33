package org.dadda.federated.fedavg;

import org.dadda.nn.Module;
import org.dadda.tensor.Rng;

/**
 * A client's local update in FedAvg: trains {@code model} in place on the client's shard.
 * Implementations create their optimizer afresh on every call, as in McMahan et al.'s FedAvg,
 * and draw every random choice (batch order, augmentation) from {@code rng} so that a round is
 * reproducible.
 */
@FunctionalInterface
public interface LocalTrainer {
    /**
     * Trains {@code model} for {@code epochs} passes over {@code shard} in batches of
     * {@code batchSize}.
     *
     * @throws Exception any failure; FedAvg leaves the client out of the round's average
     */
    void train(Module model, ClientShard shard, int epochs, int batchSize, Rng rng) throws Exception;
}
