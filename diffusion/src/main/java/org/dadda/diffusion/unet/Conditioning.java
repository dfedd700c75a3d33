package org.dadda.diffusion.unet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which paths carry the defect mask {@code M} into an {@link AttentionUNet}. The paper's path
 * (Sec. III-C) gives G_I(z | M) the mask only as global signals: the mask projection joined to
 * the time embedding ({@code mask_embed}, {@code mask_proj}) and the gated cross-attention
 * whose gates {@link GateMode} names (eq. 9, 10). Neither tells the network <em>where</em> the
 * defect goes, although the mask becomes the detector's pixel label; the spatial path, this
 * project's addition and not the paper's, modulates the normalised features of every residual
 * block with a per-pixel scale and shift computed from the mask (SPADE, Park et al. 2019; see
 * {@link SpatialMaskModulation}).
 */
public enum Conditioning {
    /** Unconditioned on a mask: the pre-trained G_I and G_M. */
    NONE,
    /**
     * The paper's path only: the mask projection, plus the gates {@link GateMode} names
     * ({@link GateMode#NONE} then means "mask projection only", Table IV's "none" row).
     */
    PAPER,
    /** Only the spatial path (this project's choice): no mask projection, no gates, no mask encoders. */
    SPATIAL,
    /** The paper's path and the spatial path together. */
    BOTH;

    /** Whether the network has the paper's mask projection (and may have gates). */
    public boolean hasPaperPath() {
        return this == PAPER || this == BOTH;
    }

    /** Whether the network has the spatial (SPADE) modulation in its residual blocks. */
    public boolean hasSpatialPath() {
        return this == SPATIAL || this == BOTH;
    }

    /** Whether the network takes a mask at all. */
    public boolean conditioned() {
        return this != NONE;
    }

    /**
     * The conditioning that configurations from before this choice existed meant: the paper's
     * path exactly when they had gates. Old constructors, checkpoints and manifests keep their
     * meaning through it.
     */
    public static Conditioning implied(GateMode gateMode) {
        return gateMode.conditioned() ? PAPER : NONE;
    }

    /** The conditioning by name, case-insensitive ({@code none}, {@code paper}, {@code spatial}, {@code both}). */
    public static Conditioning parse(String name) {
        for (Conditioning c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown conditioning '" + name + "': expected one of "
                + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
