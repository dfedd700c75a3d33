package org.dadda.nn.metrics;

/** Which neighbours join two foreground pixels into one connected component. */
public enum Connectivity {
    /** Edge neighbours only (up, down, left, right). */
    FOUR,
    /**
     * Edge and corner neighbours. This is what anomalib's AUPRO uses: OpenCV's
     * {@code connectedComponents} default on CPU, and kornia's 3x3 max-pool propagation on GPU.
     */
    EIGHT
}
