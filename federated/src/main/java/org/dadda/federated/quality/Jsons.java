package org.dadda.federated.quality;

import java.util.Map;

/** Reading and writing numbers in JSON trees (quality.json, metrics.json), where an undefined value is null. */
public final class Jsons {
    private Jsons() {
    }

    /** {@code v}, or null when it is NaN or infinite (JSON has no such numbers). */
    public static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The number at {@code path} in nested maps, NaN when absent or null. */
    public static double get(Object root, String... path) {
        Object o = root;
        for (String k : path) {
            if (!(o instanceof Map<?, ?> m)) {
                return Double.NaN;
            }
            o = m.get(k);
        }
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
