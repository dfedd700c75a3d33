package org.dadda.federated.fedavg;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.Tensor;

/**
 * The aggregation step of FedAvg: the average of several models' state dicts weighted by the
 * clients' sample counts, {@code sum_k n_k w_k / sum_k n_k}, for every entry, parameters and
 * buffers alike (so BatchNorm running statistics are averaged with the weights they belong to).
 * Sums are accumulated in double precision, so the result does not depend on client order beyond
 * the final rounding to the tensors' precision.
 */
public final class StateAverager {
    private StateAverager() {
    }

    /**
     * The weighted mean of {@code states} with weights {@code counts}.
     *
     * @throws IllegalArgumentException when the lists are empty or of different lengths, a count
     *     is negative, all counts are zero, or the states differ in names or shapes (naming the entry)
     */
    public static LinkedHashMap<String, Tensor> weightedMean(List<? extends Map<String, Tensor>> states, long[] counts) {
        if (states.isEmpty() || states.size() != counts.length) {
            throw new IllegalArgumentException("weightedMean: " + states.size() + " states and " + counts.length
                    + " counts (need the same, at least one)");
        }
        double total = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < 0) {
                throw new IllegalArgumentException("weightedMean: client " + k + " has a negative sample count " + counts[k]);
            }
            total += counts[k];
        }
        if (total == 0) {
            throw new IllegalArgumentException("weightedMean: every client has zero samples");
        }
        Map<String, Tensor> first = states.get(0);
        for (int k = 1; k < states.size(); k++) {
            if (!states.get(k).keySet().equals(first.keySet())) {
                throw new IllegalArgumentException("weightedMean: state " + k + " has entries " + states.get(k).keySet()
                        + ", state 0 has " + first.keySet());
            }
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (var e : first.entrySet()) {
            String name = e.getKey();
            int[] shape = e.getValue().shape();
            double[] acc = new double[e.getValue().numel()];
            for (int k = 0; k < states.size(); k++) {
                Tensor t = states.get(k).get(name);
                if (!Arrays.equals(t.shape(), shape)) {
                    throw new IllegalArgumentException("weightedMean: entry '" + name + "' of state " + k + " has shape "
                            + Arrays.toString(t.shape()) + ", state 0 has " + Arrays.toString(shape));
                }
                if (counts[k] == 0) {
                    continue;
                }
                double w = counts[k] / total;
                double[] v = t.toDoubleArray();
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += w * v[i];
                }
            }
            out.put(name, Tensor.fromDoubles(acc, shape));
        }
        return out;
    }

    /** An independent copy of a state dict (detached tensors), e.g. to keep a client's result. */
    public static LinkedHashMap<String, Tensor> snapshot(Map<String, Tensor> state) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.detach().copy()));
        return out;
    }
}
