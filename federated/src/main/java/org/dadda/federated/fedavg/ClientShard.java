package org.dadda.federated.fedavg;

/**
 * One client's share of a training set: the indices of its samples in the shared dataset.
 *
 * @param id the client's number, 0-based
 * @param indices indices into the dataset (not copied; treat as read-only)
 */
public record ClientShard(int id, int[] indices) {
    /** Checks the id. */
    public ClientShard {
        if (id < 0) {
            throw new IllegalArgumentException("client id must be >= 0, got " + id);
        }
    }

    /** Number of samples, the client's weight in the average. */
    public int size() {
        return indices.length;
    }
}
