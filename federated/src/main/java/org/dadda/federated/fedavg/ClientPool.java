package org.dadda.federated.fedavg;

import java.util.List;
import java.util.Map;
import org.dadda.tensor.Tensor;

/**
 * Where FedAvg's clients train: {@link LocalClients} trains them in this process, one after
 * another; a networked pool hands them to node processes and collects their updates. The round
 * loop ({@link FedAvg}) selects the clients, hands the pool the global weights and averages what
 * comes back, so both places give the same weights for the same seeds.
 */
public interface ClientPool {
    /** Number of clients K; client ids are {@code 0..K-1}. */
    int clientCount();

    /**
     * Has clients {@code selected} (ascending ids) train from {@code globalState} in round
     * {@code round}. A client that fails, or misses the round's deadline, is reported in the
     * failures instead of failing the round.
     */
    RoundResults train(int round, List<Integer> selected, Map<String, Tensor> globalState);
}
