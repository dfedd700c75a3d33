package org.dadda.federated.fedavg;

import java.util.List;
import java.util.Map;

/**
 * What happened in one FedAvg round.
 *
 * @param round the round, 0-based
 * @param selected the clients asked to train
 * @param aggregated the clients whose weights entered the average
 * @param failures why each left-out client was left out, by client id
 * @param trainNanos wall time of the local updates
 * @param aggregateNanos wall time of the averaging and the load into the global model
 */
public record RoundReport(int round, List<Integer> selected, List<Integer> aggregated, Map<Integer, String> failures,
                          long trainNanos, long aggregateNanos) {
    /** Copies the collections. */
    public RoundReport {
        selected = List.copyOf(selected);
        aggregated = List.copyOf(aggregated);
        failures = Map.copyOf(failures);
    }
}
