package org.dadda.federated.fedavg;

/**
 * Settings of a FedAvg run.
 *
 * @param rounds communication rounds R
 * @param localEpochs local epochs E per round
 * @param batchSize local batch size B
 * @param clientFraction fraction C of clients selected per round, in (0, 1]; 1 selects all
 * @param seed seed of client selection and of every client's local randomness
 * @param clientTimeoutMillis a client still training after this long is left out of its round;
 *     0 waits for ever
 */
public record FedAvgConfig(int rounds, int localEpochs, int batchSize, double clientFraction, long seed,
                           long clientTimeoutMillis) {
    /** Checks every field. */
    public FedAvgConfig {
        if (rounds < 1) {
            throw new IllegalArgumentException("FedAvg rounds must be >= 1, got " + rounds);
        }
        if (localEpochs < 1) {
            throw new IllegalArgumentException("FedAvg local epochs must be >= 1, got " + localEpochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("FedAvg batch size must be >= 1, got " + batchSize);
        }
        if (!(clientFraction > 0 && clientFraction <= 1)) {
            throw new IllegalArgumentException("FedAvg client fraction must be in (0, 1], got " + clientFraction);
        }
        if (clientTimeoutMillis < 0) {
            throw new IllegalArgumentException("FedAvg client timeout must be >= 0 ms, got " + clientTimeoutMillis);
        }
    }

    /** All clients every round, no timeout. */
    public static FedAvgConfig of(int rounds, int localEpochs, int batchSize, long seed) {
        return new FedAvgConfig(rounds, localEpochs, batchSize, 1.0, seed, 0);
    }
}
