package org.dadda.federated.fedavg;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the clients of one round gave back: the updates that arrived, by client id (sorted, so the
 * average sums them in client-id order whatever order they arrived in), and why each other
 * selected client gave none.
 *
 * @param updates the updates, by client id
 * @param failures why each client without an update has none, by client id
 */
public record RoundResults(SortedMap<Integer, ClientUpdate> updates, Map<Integer, String> failures) {
    /** Copies both maps. */
    public RoundResults {
        updates = Collections.unmodifiableSortedMap(new TreeMap<>(updates));
        failures = Map.copyOf(failures);
    }
}
