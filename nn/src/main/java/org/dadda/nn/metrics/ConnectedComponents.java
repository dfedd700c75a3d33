package org.dadda.nn.metrics;

/**
 * Connected-component labelling of binary masks (union-find over one raster pass), used to split
 * ground-truth anomaly masks into regions for AUPRO.
 */
public final class ConnectedComponents {

    private ConnectedComponents() {
    }

    /**
     * Labels the foreground of one {@code height x width} mask stored row-major at {@code offset}.
     * Labels are written to {@code out} at the same positions: 0 for background, and
     * {@code firstLabel, firstLabel + 1, ...} for components in the raster order of their first
     * pixel.
     *
     * @param mask the masks, {@code true} = foreground
     * @param offset index of the mask's first pixel in {@code mask} and {@code out}
     * @param height rows
     * @param width columns
     * @param connectivity which neighbours connect
     * @param firstLabel the label of the first component found, at least 1
     * @param out receives the labels
     * @return the number of components found
     */
    public static int label(boolean[] mask, int offset, int height, int width, Connectivity connectivity,
            int firstLabel, int[] out) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("mask size must be positive, got " + height + "x" + width);
        }
        if (firstLabel < 1) {
            throw new IllegalArgumentException("firstLabel must be >= 1, got " + firstLabel);
        }
        int size = Math.multiplyExact(height, width);
        if (offset < 0 || offset + (long) size > mask.length || offset + (long) size > out.length) {
            throw new IllegalArgumentException("mask of " + height + "x" + width + " at offset " + offset
                    + " does not fit arrays of length " + mask.length + " and " + out.length);
        }
        // parent[] holds a provisional union-find forest over pixel indices of this mask.
        int[] parent = new int[size];
        boolean eight = connectivity == Connectivity.EIGHT;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (!mask[offset + p]) {
                    parent[p] = -1;
                    continue;
                }
                parent[p] = p;
                if (x > 0 && mask[offset + p - 1]) {
                    union(parent, p, p - 1);
                }
                if (y > 0) {
                    int up = p - width;
                    if (mask[offset + up]) {
                        union(parent, p, up);
                    }
                    if (eight && x > 0 && mask[offset + up - 1]) {
                        union(parent, p, up - 1);
                    }
                    if (eight && x < width - 1 && mask[offset + up + 1]) {
                        union(parent, p, up + 1);
                    }
                }
            }
        }
        // Roots get consecutive labels in raster order of the component's first pixel: a root is
        // always the smallest index of its tree (union hangs the larger root below the smaller), so
        // it is labelled before any other pixel of its component.
        int next = firstLabel;
        for (int p = 0; p < size; p++) {
            if (parent[p] == -1) {
                out[offset + p] = 0;
                continue;
            }
            int r = find(parent, p);
            out[offset + p] = r == p ? next++ : out[offset + r];
        }
        return next - firstLabel;
    }

    /**
     * Labels a batch of {@code count} masks of {@code height x width}, stored one after another;
     * components never cross masks and are numbered 1..N across the whole batch.
     *
     * @param masks the masks, {@code count * height * width} values
     * @param count number of masks
     * @param height rows
     * @param width columns
     * @param connectivity which neighbours connect
     * @param out receives the labels, same length as {@code masks}
     * @return the total number of components
     */
    public static int labelBatch(boolean[] masks, int count, int height, int width, Connectivity connectivity,
            int[] out) {
        int size = Math.multiplyExact(height, width);
        if (count < 1 || Math.multiplyExact(count, size) != masks.length || out.length != masks.length) {
            throw new IllegalArgumentException("masks of length " + masks.length + " (labels " + out.length
                    + ") do not hold " + count + " masks of " + height + "x" + width);
        }
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += label(masks, i * size, height, width, connectivity, total + 1, out);
        }
        return total;
    }

    private static int find(int[] parent, int p) {
        int root = p;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[p] != root) {
            int next = parent[p];
            parent[p] = root;
            p = next;
        }
        return root;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra == rb) {
            return;
        }
        if (ra < rb) {
            parent[rb] = ra;
        } else {
            parent[ra] = rb;
        }
    }
}
