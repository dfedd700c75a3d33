package org.dadda.federated.fedavg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.util.Json;

/**
 * A FedAvg run as a server coordinates it across node processes: one cell of Table III. The
 * server sends it to every node that joins, so the nodes cut the same client shards
 * ({@link #shards}) and draw the same random streams as an in-process run with these settings.
 *
 * @param name the job's name, which nodes must ask for
 * @param clients number of clients K
 * @param iid IID shards (true) or label-wise shards, one client per class (false)
 * @param config rounds, local epochs, batch size, client fraction and seed ({@code clientTimeoutMillis}
 *     is not used: the server's round deadline bounds a round)
 */
public record FedAvgJob(String name, int clients, boolean iid, FedAvgConfig config) {
    /** Checks the name and client count. */
    public FedAvgJob {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a FedAvg job needs a name");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("FedAvg job " + name + " needs at least one client, got " + clients);
        }
    }

    /**
     * The client shards of a training set with these labels: IID shards drawn with the job's
     * seed, or one client per class.
     *
     * @throws IllegalArgumentException when a label-wise job's client count is not the number of classes
     */
    public List<ClientShard> shards(int[] labels, int classes) {
        if (iid) {
            return Partitioners.iid(labels.length, clients, config.seed());
        }
        if (clients != classes) {
            throw new IllegalArgumentException("FedAvg job " + name + " has " + clients + " label-wise clients, but the training set has "
                    + classes + " classes (label-wise partitioning needs one client per class)");
        }
        return Partitioners.labelWise(labels, classes);
    }

    /** The job as plain JSON values. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("clients", clients);
        m.put("iid", iid);
        m.put("rounds", config.rounds());
        m.put("local_epochs", config.localEpochs());
        m.put("batch", config.batchSize());
        m.put("client_fraction", config.clientFraction());
        m.put("seed", config.seed());
        return m;
    }

    /**
     * Reads a job {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException naming {@code source} and the field at fault
     */
    public static FedAvgJob fromJson(Object json, String source) {
        Map<?, ?> m = Json.object(json, source);
        try {
            return new FedAvgJob(String.valueOf(m.get("name")), number(m, "clients", source).intValue(),
                    Boolean.TRUE.equals(m.get("iid")),
                    new FedAvgConfig(number(m, "rounds", source).intValue(), number(m, "local_epochs", source).intValue(),
                            number(m, "batch", source).intValue(), number(m, "client_fraction", source).doubleValue(),
                            number(m, "seed", source).longValue(), 0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Number number(Map<?, ?> m, String field, String source) {
        if (!(m.get(field) instanceof Number n)) {
            throw new IllegalArgumentException(source + ": field '" + field + "' must be a number, got " + m.get(field));
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " (" + clients + (iid ? " IID" : " label-wise") + " clients, " + config.rounds() + " rounds, E="
                + config.localEpochs() + ", B=" + config.batchSize() + ", C=" + config.clientFraction() + ", seed " + config.seed() + ")";
    }
}
