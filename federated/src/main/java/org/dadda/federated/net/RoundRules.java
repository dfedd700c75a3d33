package org.dadda.federated.net;

import java.time.Duration;

/**
 * How a networked FedAvg server runs its rounds.
 *
 * @param minNodes a round starts once this many nodes have joined ...
 * @param joinWait ... or, with at least one node joined, once it has waited this long for the rest
 * @param deadline how long after a round starts its updates must have arrived; a client whose
 *     update has not is dropped from the round, and its late update is refused
 * @param maxWeightsBytes bytes of one weights file a node may send (checked before it is received)
 */
public record RoundRules(int minNodes, Duration joinWait, Duration deadline, long maxWeightsBytes) {
    /** Checks every field. */
    public RoundRules {
        if (minNodes < 1) {
            throw new IllegalArgumentException("a FedAvg round needs at least one node, got --nodes " + minNodes);
        }
        if (joinWait.isNegative()) {
            throw new IllegalArgumentException("the join wait must be >= 0, got " + joinWait);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the round deadline must be > 0, got " + deadline);
        }
        if (maxWeightsBytes < 1) {
            throw new IllegalArgumentException("the weights bound must be > 0 bytes, got " + maxWeightsBytes);
        }
    }

    /** {@code minNodes} nodes, a ten-minute join wait, the given deadline, weights up to 1 GiB. */
    public static RoundRules of(int minNodes, Duration deadline) {
        return new RoundRules(minNodes, Duration.ofMinutes(10), deadline, 1L << 30);
    }
}
