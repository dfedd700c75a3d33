package org.dadda.nn.metrics;

/** A stable index sort for {@code double} keys (merge sort, primitive arrays only). */
final class StableOrder {

    private StableOrder() {
    }

    /**
     * The permutation that sorts {@code keys} ascending, equal keys keeping their index order.
     * Already sorted input (the common case for averaged curves) costs one pass.
     */
    static int[] ascending(double[] keys) {
        int n = keys.length;
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && keys[i] < keys[i - 1]) {
                sorted = false;
            }
        }
        if (sorted) {
            return order;
        }
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // Take from the right run only when strictly smaller: that keeps equal keys in order.
                    buffer[k++] = keys[order[j]] < keys[order[i]] ? order[j++] : order[i++];
                }
                while (i < mid) {
                    buffer[k++] = order[i++];
                }
                while (j < hi) {
                    buffer[k++] = order[j++];
                }
            }
            int[] swap = order;
            order = buffer;
            buffer = swap;
        }
        return order;
    }
}
