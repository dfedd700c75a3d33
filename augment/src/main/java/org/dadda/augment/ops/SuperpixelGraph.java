package org.dadda.augment.ops;

import java.util.Arrays;
import java.util.BitSet;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.image.Mask;

/**
 * Geometry of a superpixel segmentation: each superpixel's pixels, size and centroid, and which
 * superpixels touch (share a 4-connected edge). Immutable once built, so safe to share between threads.
 */
public final class SuperpixelGraph {

    private final LabelMap labels;
    private final int[] start;
    private final int[] pixels;
    private final double[] cy;
    private final double[] cx;
    private final int[][] neighbours;

    /** Builds the graph of a segmentation. */
    public SuperpixelGraph(LabelMap labels) {
        this.labels = labels;
        int k = labels.count();
        int h = labels.height();
        int w = labels.width();
        int[] lab = labels.labels();
        start = new int[k + 1];
        for (int l : lab) {
            start[l + 1]++;
        }
        for (int i = 0; i < k; i++) {
            start[i + 1] += start[i];
        }
        pixels = new int[lab.length];
        int[] fill = Arrays.copyOf(start, k);
        cy = new double[k];
        cx = new double[k];
        for (int i = 0; i < lab.length; i++) {
            int l = lab[i];
            pixels[fill[l]++] = i;
            cy[l] += i / w;
            cx[l] += i % w;
        }
        for (int l = 0; l < k; l++) {
            int n = start[l + 1] - start[l];
            cy[l] /= n;
            cx[l] /= n;
        }
        BitSet[] adj = new BitSet[k];
        for (int l = 0; l < k; l++) {
            adj[l] = new BitSet();
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = lab[y * w + x];
                if (x + 1 < w && lab[y * w + x + 1] != a) {
                    adj[a].set(lab[y * w + x + 1]);
                    adj[lab[y * w + x + 1]].set(a);
                }
                if (y + 1 < h && lab[(y + 1) * w + x] != a) {
                    adj[a].set(lab[(y + 1) * w + x]);
                    adj[lab[(y + 1) * w + x]].set(a);
                }
            }
        }
        neighbours = new int[k][];
        for (int l = 0; l < k; l++) {
            neighbours[l] = adj[l].stream().toArray();
        }
    }

    /** The segmentation. */
    public LabelMap labels() {
        return labels;
    }

    /** Number of superpixels. */
    public int count() {
        return labels.count();
    }

    /** Pixel count of superpixel {@code l}. */
    public int size(int l) {
        return start[l + 1] - start[l];
    }

    /** Centroid row of superpixel {@code l}. */
    public double centroidY(int l) {
        return cy[l];
    }

    /** Centroid column of superpixel {@code l}. */
    public double centroidX(int l) {
        return cx[l];
    }

    /** Superpixels sharing an edge with {@code l}, ascending (a copy). */
    public int[] neighbours(int l) {
        return neighbours[l].clone();
    }

    /**
     * The superpixels a mask touches: those whose dot product with the mask (the count of their
     * pixels the mask sets) is positive. Ascending.
     *
     * @throws IllegalArgumentException if the mask size differs from the segmentation's
     */
    public int[] overlapping(Mask mask) {
        if (mask.height() != labels.height() || mask.width() != labels.width()) {
            throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height()
                + " does not match superpixels " + labels.width() + "x" + labels.height());
        }
        BitSet hit = new BitSet(count());
        boolean[] b = mask.bits();
        int[] lab = labels.labels();
        for (int i = 0; i < b.length; i++) {
            if (b[i]) {
                hit.set(lab[i]);
            }
        }
        return hit.stream().toArray();
    }

    /** {@code set} together with every superpixel adjacent to one of it, ascending. */
    public int[] grow(int[] set) {
        BitSet out = new BitSet(count());
        for (int l : set) {
            out.set(l);
            for (int n : neighbours[l]) {
                out.set(n);
            }
        }
        return out.stream().toArray();
    }

    /**
     * The {@code k} superpixels of {@code candidates} whose centroids are nearest to the centroid
     * of {@code target} (the target itself first when it is a candidate); ties go to the lower label.
     */
    public int[] nearest(int target, int[] candidates, int k) {
        Integer[] order = Arrays.stream(candidates).boxed().toArray(Integer[]::new);
        double ty = cy[target];
        double tx = cx[target];
        Arrays.sort(order, (a, b) -> {
            double da = sq(cy[a] - ty) + sq(cx[a] - tx);
            double db = sq(cy[b] - ty) + sq(cx[b] - tx);
            int c = Double.compare(da, db);
            if (c != 0) {
                return c;
            }
            return a == target ? -1 : (b == target ? 1 : Integer.compare(a, b));
        });
        int m = Math.min(k, order.length);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The mask covering exactly the pixels of the given superpixels. */
    public Mask mask(int[] set) {
        boolean[] b = new boolean[labels.height() * labels.width()];
        for (int l : set) {
            for (int i = start[l]; i < start[l + 1]; i++) {
                b[pixels[i]] = true;
            }
        }
        return new Mask(labels.height(), labels.width(), b);
    }

    private static double sq(double v) {
        return v * v;
    }
}
