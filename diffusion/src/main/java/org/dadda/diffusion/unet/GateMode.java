package org.dadda.diffusion.unet;

/**
 * Which gates of the gated cross-attention (paper, eq. 9 and 10) a mask-conditioned U-Net
 * has; the three conditioned modes reproduce the ablation of the paper's Table IV.
 */
public enum GateMode {
    /** No mask conditioning: the plain attention U-Net (G_I, G_M). */
    NONE,
    /** Only the normal gate {@code G_{1-D}}, attending to the embedding of {@code 1 - M}. */
    NORMAL,
    /** Only the defect gate {@code G_D}, attending to the embedding of {@code M}. */
    DEFECT,
    /** Both gates, as the full module of the paper. */
    BOTH;

    /** Whether the defect gate is present. */
    public boolean hasDefectGate() {
        return this == DEFECT || this == BOTH;
    }

    /** Whether the normal gate is present. */
    public boolean hasNormalGate() {
        return this == NORMAL || this == BOTH;
    }

    /** Whether the U-Net is conditioned on a mask at all. */
    public boolean conditioned() {
        return this != NONE;
    }

    /** The mode by name, case-insensitive ({@code none}, {@code normal}, {@code defect}, {@code both}). */
    public static GateMode parse(String name) {
        for (GateMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown gate mode '" + name + "': expected none, normal, defect or both");
    }
}
