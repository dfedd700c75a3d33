package org.dadda.federated.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and sample standard deviation, leaf by leaf, of the numeric fields of several repeats'
 * JSON results of the same shape (nested maps of numbers; lists and strings are left out).
 */
final class RepeatStats {
    private RepeatStats() {
    }

    /** The mean of every numeric leaf present in all repeats (NaN where a repeat's value is NaN). */
    static Map<String, Object> mean(List<? extends Map<?, ?>> repeats) {
        return fold(repeats, false);
    }

    /** The sample standard deviation (n - 1) of every numeric leaf; 0 for a single repeat. */
    static Map<String, Object> std(List<? extends Map<?, ?>> repeats) {
        return fold(repeats, true);
    }

    private static Map<String, Object> fold(List<? extends Map<?, ?>> repeats, boolean spread) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (repeats.isEmpty()) {
            return out;
        }
        for (Object key : repeats.get(0).keySet()) {
            List<Object> values = new ArrayList<>();
            for (Map<?, ?> r : repeats) {
                values.add(r.get(key));
            }
            if (values.stream().allMatch(v -> v instanceof Number)) {
                out.put(String.valueOf(key), spread ? stdOf(values) : meanOf(values));
            } else if (values.stream().allMatch(v -> v instanceof Map<?, ?>)) {
                List<Map<?, ?>> nested = new ArrayList<>();
                values.forEach(v -> nested.add((Map<?, ?>) v));
                out.put(String.valueOf(key), fold(nested, spread));
            }
        }
        return out;
    }

    private static double meanOf(List<Object> values) {
        double s = 0;
        for (Object v : values) {
            s += ((Number) v).doubleValue();
        }
        return s / values.size();
    }

    private static double stdOf(List<Object> values) {
        if (values.size() < 2) {
            return 0;
        }
        double m = meanOf(values);
        double s = 0;
        for (Object v : values) {
            double d = ((Number) v).doubleValue() - m;
            s += d * d;
        }
        return Math.sqrt(s / (values.size() - 1));
    }
}
