package org.dadda.augment.data;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a category is a texture (stationary surface: defects may move anywhere) or an object
 * (fixed layout: defective samples are aligned to the normal one). The DAM treats them differently.
 */
public enum CategoryKind {
    /** Stationary surfaces: no alignment; the new mask is moved by a random offset. */
    TEXTURE(0.35, 0.65),
    /** Objects: cross-correlation alignment; the new mask stays where the defect was. */
    OBJECT(0.65, 0.85);

    private static final Set<String> KNOWN_TEXTURES = Set.of(
        "carpet", "grid", "leather", "tile", "wood", "synth_fabric", "synth_grain");

    private final double pMin;
    private final double pMax;

    CategoryKind(double pMin, double pMax) {
        this.pMin = pMin;
        this.pMax = pMax;
    }

    /** Lower end of the paper's fraction range p ~ U(p1, p2) of kept superpixels. */
    public double defaultPMin() {
        return pMin;
    }

    /** Upper end of the paper's fraction range. */
    public double defaultPMax() {
        return pMax;
    }

    /**
     * The kind of a category by name: the MVTec AD textures (carpet, grid, leather, tile, wood)
     * and this project's synthetic textures are textures, everything else an object.
     */
    public static CategoryKind of(String categoryName) {
        return KNOWN_TEXTURES.contains(categoryName.toLowerCase(Locale.ROOT)) ? TEXTURE : OBJECT;
    }
}
