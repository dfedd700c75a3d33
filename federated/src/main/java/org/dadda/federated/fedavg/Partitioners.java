package org.dadda.federated.fedavg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dadda.tensor.Rng;

/** How a training set is split among FedAvg clients (paper, Sec. IV-B, "Distributed Classification"). */
public final class Partitioners {
    private Partitioners() {
    }

    /**
     * IID (uniform) partitioning: the {@code n} sample indices shuffled with {@code seed} and
     * dealt into {@code clients} contiguous shards whose sizes differ by at most one.
     *
     * @throws IllegalArgumentException when there are fewer samples than clients
     */
    public static List<ClientShard> iid(int n, int clients, long seed) {
        if (clients < 1) {
            throw new IllegalArgumentException("IID partition needs at least one client, got " + clients);
        }
        if (n < clients) {
            throw new IllegalArgumentException("IID partition of " + n + " samples over " + clients
                    + " clients would leave a client empty");
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        new Rng(seed).shuffle(idx);
        List<ClientShard> out = new ArrayList<>();
        int start = 0;
        for (int c = 0; c < clients; c++) {
            int size = n / clients + (c < n % clients ? 1 : 0);
            out.add(new ClientShard(c, Arrays.copyOfRange(idx, start, start + size)));
            start += size;
        }
        return out;
    }

    /**
     * Non-IID label-wise partitioning: one client per class, holding every sample of that class,
     * so client {@code k} sees only class {@code k} ({@code N_C = N_d}).
     *
     * @throws IllegalArgumentException when a label is outside {@code [0, classes)}
     */
    public static List<ClientShard> labelWise(int[] labels, int classes) {
        int[] count = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
            }
            count[labels[i]]++;
        }
        int[][] idx = new int[classes][];
        for (int c = 0; c < classes; c++) {
            idx[c] = new int[count[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            idx[labels[i]][fill[labels[i]]++] = i;
        }
        List<ClientShard> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            out.add(new ClientShard(c, idx[c]));
        }
        return out;
    }
}
