package org.dadda.diffusion.unet;

import org.dadda.nn.Module;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * One step of the U-Net at a resolution: a {@link ResBlock} ({@code res}), then, where the
 * resolution attends, the {@link SelfAttention2d} ({@code attn}, eq. 5 and 6) and, in a
 * network with the paper's gates, the {@link GatedCrossAttention} around it ({@code gate}).
 */
public final class UNetBlock extends Module {
    private final ResBlock res;
    private final SelfAttention2d attn;
    private final GatedCrossAttention gate;

    /**
     * A block from {@code in} to {@code out} channels at feature size {@code size};
     * {@code attend} adds self-attention; {@code maskRng} non-null conditions it on a mask
     * with the paper's path ({@code projectMask} adds the mask projection to the residual block);
     * {@code spatialRng} non-null gives the residual block the spatial mask path.
     */
    public UNetBlock(int in, int out, int size, boolean attend, UNetConfig cfg, Rng rng, Rng maskRng, boolean projectMask,
                     Rng spatialRng) {
        this.res = child("res", new ResBlock(in, out, cfg.timeEmbedDim(), cfg, rng, projectMask ? maskRng : null, spatialRng));
        this.attn = attend ? child("attn", new SelfAttention2d(out, cfg.groupsFor(out), cfg.heads(), cfg.headDim(), rng)) : null;
        this.gate = attend && maskRng != null && cfg.gateMode().conditioned()
                ? child("gate", new GatedCrossAttention(cfg.gateMode(), out, size, cfg, maskRng)) : null;
    }

    /**
     * The block on {@code x} with time embedding {@code temb}, mask embedding {@code memb},
     * the mask encoders' features {@code mask} and the mask itself {@code spatialMask} for the
     * spatial path (each null where the network lacks the path that takes it).
     */
    public Tensor forward(Tensor x, Tensor temb, Tensor memb, MaskFeatures mask, Tensor spatialMask) {
        Tensor h = res.forward(x, temb, memb, spatialMask);
        if (gate != null) {
            return gate.forward(h, attn, mask.defect(), mask.normal());
        }
        return attn != null ? attn.forward(h) : h;
    }
}
