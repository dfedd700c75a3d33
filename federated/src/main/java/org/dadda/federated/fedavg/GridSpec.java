package org.dadda.federated.fedavg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which cells of the paper's Table III to run: client settings x local batch sizes B x local
 * epochs E, plus the centralized N_C = 1 reference row. The paper's grid is
 * {N_d non-IID, N_d IID, 10 IID} x B {8, 16, 32} x E {1, 5, 10}.
 *
 * @param clientSettings the client rows, in the paper's order
 * @param batchSizes local batch sizes
 * @param localEpochs local epochs
 */
public record GridSpec(List<ClientSetting> clientSettings, List<Integer> batchSizes, List<Integer> localEpochs) {
    /**
     * One client row of Table III.
     *
     * @param clients number of clients, or 0 for N_d (one per defect type)
     * @param iid IID (shuffled, even shards) or non-IID (label-wise, requires N_d)
     */
    public record ClientSetting(int clients, boolean iid) {
        /** Checks the combination. */
        public ClientSetting {
            if (clients < 0) {
                throw new IllegalArgumentException("client count must be >= 0 (0 = N_d), got " + clients);
            }
            if (!iid && clients != 0) {
                throw new IllegalArgumentException("non-IID label-wise partitioning has one client per defect type (N_d)");
            }
        }

        /** "N_d" or the number. */
        public String label() {
            return clients == 0 ? "N_d" : Integer.toString(clients);
        }

        /** The number of clients for a category with {@code defectTypes} types. */
        public int count(int defectTypes) {
            return clients == 0 ? defectTypes : clients;
        }
    }

    /** Copies the lists and checks the values. */
    public GridSpec {
        clientSettings = List.copyOf(clientSettings);
        batchSizes = List.copyOf(batchSizes);
        localEpochs = List.copyOf(localEpochs);
        if (clientSettings.isEmpty() || batchSizes.isEmpty() || localEpochs.isEmpty()) {
            throw new IllegalArgumentException("a FedAvg grid needs at least one client setting, batch size and epoch count");
        }
        for (int b : batchSizes) {
            if (b < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + b);
            }
        }
        for (int e : localEpochs) {
            if (e < 1) {
                throw new IllegalArgumentException("local epochs must be >= 1, got " + e);
            }
        }
    }

    /** The paper's grid: {N_d non-IID, N_d IID, 10 IID} x B {8, 16, 32} x E {1, 5, 10} (27 cells). */
    public static GridSpec paper() {
        return new GridSpec(List.of(new ClientSetting(0, false), new ClientSetting(0, true), new ClientSetting(10, true)),
                List.of(8, 16, 32), List.of(1, 5, 10));
    }

    /** A small grid for quick runs and tests: {N_d non-IID, N_d IID, 10 IID} x B {8} x E {1, 5} (6 cells). */
    public static GridSpec small() {
        return new GridSpec(List.of(new ClientSetting(0, false), new ClientSetting(0, true), new ClientSetting(10, true)),
                List.of(8), List.of(1, 5));
    }

    /**
     * {@code paper}, {@code small}, or a custom grid {@code clients=Nd-noniid,Nd,10;b=8,16;e=1,5}.
     *
     * @throws IllegalArgumentException naming the part that does not parse
     */
    public static GridSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("paper")) {
            return paper();
        }
        if (t.equals("small")) {
            return small();
        }
        List<ClientSetting> cs = null;
        List<Integer> bs = null;
        List<Integer> es = null;
        for (String part : t.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("grid part '" + part + "' must be key=values (clients=, b=, e=)");
            }
            switch (kv[0].trim()) {
                case "clients" -> {
                    cs = new ArrayList<>();
                    for (String c : kv[1].split(",")) {
                        String v = c.trim();
                        if (v.equals("nd-noniid")) {
                            cs.add(new ClientSetting(0, false));
                        } else if (v.equals("nd")) {
                            cs.add(new ClientSetting(0, true));
                        } else {
                            cs.add(new ClientSetting(positive(v, "clients"), true));
                        }
                    }
                }
                case "b" -> bs = ints(kv[1], "b");
                case "e" -> es = ints(kv[1], "e");
                default -> throw new IllegalArgumentException("unknown grid key '" + kv[0] + "' (use clients, b, e)");
            }
        }
        if (cs == null || bs == null || es == null) {
            throw new IllegalArgumentException("grid '" + text + "' needs clients=, b= and e= (or use paper or small)");
        }
        return new GridSpec(cs, bs, es);
    }

    private static List<Integer> ints(String csv, String key) {
        List<Integer> out = new ArrayList<>();
        for (String v : csv.split(",")) {
            out.add(positive(v.trim(), key));
        }
        return out;
    }

    private static int positive(String v, String key) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("grid " + key + " value '" + v + "' must be a positive integer");
    }
}
