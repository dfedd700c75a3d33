package org.dadda.diffusion.unet;

import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.nn.layers.Linear;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The residual block of the DDPM U-Net: {@code h = conv1(silu(norm1(x))) + t(temb)},
 * {@code h = conv2(silu(norm2(h)))}, output {@code skip(x) + h} with a 1x1 {@code skip}
 * convolution when the width changes.
 *
 * <p>In a mask-conditioned network the block also has {@code mask_proj}, the projection of
 * the mask embedding (paper, Sec. III-C: the mask is "projected into a similar space as the time
 * projection and concatenated"). Concatenating {@code [temb, memb]} before one linear layer equals
 * adding a second linear layer of {@code memb}, so the block adds {@code mask_proj(memb)}; it
 * starts at zero so that a fine-tuned network begins as exactly the pre-trained one.
 *
 * <p>With the spatial mask path (this project's choice, {@link Conditioning#hasSpatialPath()})
 * the block also has {@code spade}, a {@link SpatialMaskModulation} that scales and shifts
 * {@code norm2(h)} per pixel from the mask before SiLU and {@code conv2}; it too starts as the
 * identity.
 */
public final class ResBlock extends Module {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d skip;
    private final Linear maskProj;
    private final SpatialMaskModulation spade;

    /**
     * A block from {@code in} to {@code out} channels with time embedding width {@code tdim};
     * {@code maskRng} non-null adds the zero-initialised {@code mask_proj} (drawn from it, so the
     * other weights do not depend on whether the block is conditioned).
     */
    public ResBlock(int in, int out, int tdim, UNetConfig cfg, Rng rng, Rng maskRng) {
        this(in, out, tdim, cfg, rng, maskRng, null);
    }

    /**
     * As {@link #ResBlock(int, int, int, UNetConfig, Rng, Rng)}; {@code spatialRng} non-null
     * adds the spatial modulation {@code spade}, drawn from it for the same reason as
     * {@code mask_proj} from {@code maskRng}.
     */
    public ResBlock(int in, int out, int tdim, UNetConfig cfg, Rng rng, Rng maskRng, Rng spatialRng) {
        this.norm1 = child("n1", new GroupNorm(cfg.groupsFor(in), in));
        this.conv1 = child("c1", new Conv2d(in, out, 3, 1, 1, rng));
        this.timeProj = child("t", new Linear(tdim, out, rng));
        this.norm2 = child("n2", new GroupNorm(cfg.groupsFor(out), out));
        this.conv2 = child("c2", new Conv2d(out, out, 3, 1, 1, rng));
        this.skip = in != out ? child("skip", new Conv2d(in, out, 1, rng)) : null;
        if (maskRng != null) {
            this.maskProj = child("mask_proj", new Linear(tdim, out, maskRng));
            maskProj.weight().value().fillInPlace(0);
            maskProj.bias().value().fillInPlace(0);
        } else {
            this.maskProj = null;
        }
        this.spade = spatialRng != null ? child("spade", new SpatialMaskModulation(out, spatialRng)) : null;
    }

    /**
     * The block on {@code x [B, in, H, W]} with time embedding {@code temb [B, tdim]} and, where
     * the block has {@code mask_proj}, mask embedding {@code memb [B, tdim]} (null to skip it).
     */
    public Tensor forward(Tensor x, Tensor temb, Tensor memb) {
        return forward(x, temb, memb, null);
    }

    /**
     * As {@link #forward(Tensor, Tensor, Tensor)}, with the mask {@code [B, 1, S, S]} for the
     * block's {@code spade} (null to skip it).
     */
    public Tensor forward(Tensor x, Tensor temb, Tensor memb, Tensor mask) {
        Tensor emb = timeProj.forward(temb);
        if (maskProj != null && memb != null) {
            emb = emb.add(maskProj.forward(memb));
        }
        int b = emb.size(0);
        int c = emb.size(1);
        Tensor h = conv1.forward(norm1.forward(x).silu()).add(emb.reshape(b, c, 1, 1));
        h = norm2.forward(h);
        if (spade != null && mask != null) {
            h = spade.forward(h, mask);
        }
        h = conv2.forward(h.silu());
        return (skip != null ? skip.forward(x) : x).add(h);
    }

    /** Whether the block takes the mask embedding. */
    public boolean maskConditioned() {
        return maskProj != null;
    }

    /** Whether the block modulates its features with the mask itself (the spatial path). */
    public boolean spatiallyConditioned() {
        return spade != null;
    }
}
