package org.dadda.federated.fedavg;

import java.util.Map;
import org.dadda.tensor.Tensor;

/**
 * What one client returns from a round: its locally trained state dict and its sample count, the
 * client's weight in the average.
 *
 * @param client the client's id
 * @param state the trained state dict (parameters and buffers)
 * @param samples the client's number of training samples, at least 1
 */
public record ClientUpdate(int client, Map<String, Tensor> state, long samples) {
    /** Checks the count. */
    public ClientUpdate {
        if (samples < 1) {
            throw new IllegalArgumentException("client " + client + " reports " + samples + " samples; an update needs at least one");
        }
    }
}
