package org.dadda.diffusion.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.Conditioning;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.tensor.Tensor;

/**
 * Stage 3's fine-tuning of G_I into the mask-conditioned generator {@code G_I(z | M)}: builds
 * the network of the pre-trained configuration with a {@link Conditioning} and a
 * {@link GateMode} (the paper's path, Sec. III-C: the mask projection joined to the time
 * embedding and gated cross-attention around every self-attention block; and/or this project's
 * spatial path), loads every pre-trained weight strictly, leaves the new parameters at their
 * initialisation (all of which start the network as exactly G_I), and trains the whole network on
 * defective image/mask pairs with a {@link DdpmTrainer}.
 *
 * <p>The signatures with a gate mode alone are the paper's fine-tuning: conditioning
 * {@link Conditioning#implied(GateMode)}, so a conditioned mode means PAPER and NONE is refused
 * as before; PAPER without gates (Table IV's "none" row) needs the explicit form.
 */
public final class GatedFineTuner {
    private final DdpmTrainer trainer;

    /**
     * A fine-tuner of the G_I weights {@code pretrained} (a state dict of a network of shape
     * {@code base}, unconditioned) with gates {@code mode}; new parameters are drawn from
     * {@code seed}.
     */
    public GatedFineTuner(UNetConfig base, Map<String, Tensor> pretrained, GateMode mode, GaussianDiffusion diffusion,
                          TrainConfig config, long seed) {
        this(base, pretrained, Conditioning.implied(mode), mode, diffusion, config, seed);
    }

    /**
     * A fine-tuner of the G_I weights {@code pretrained} (a state dict of a network of shape
     * {@code base}, unconditioned) with mask paths {@code conditioning} and gates {@code mode};
     * new parameters are drawn from {@code seed}.
     */
    public GatedFineTuner(UNetConfig base, Map<String, Tensor> pretrained, Conditioning conditioning, GateMode mode,
                          GaussianDiffusion diffusion, TrainConfig config, long seed) {
        this.trainer = new DdpmTrainer(fromPretrained(base, pretrained, conditioning, mode, seed), diffusion, config);
    }

    /** A fine-tuner of the network {@code pretrained} (its current weights). */
    public GatedFineTuner(AttentionUNet pretrained, GateMode mode, GaussianDiffusion diffusion, TrainConfig config, long seed) {
        this(pretrained, Conditioning.implied(mode), mode, diffusion, config, seed);
    }

    /** A fine-tuner of the network {@code pretrained} (its current weights) with mask paths {@code conditioning}. */
    public GatedFineTuner(AttentionUNet pretrained, Conditioning conditioning, GateMode mode, GaussianDiffusion diffusion,
                          TrainConfig config, long seed) {
        this(pretrained.config(), pretrained.stateDict(), conditioning, mode, diffusion, config, seed);
    }

    /**
     * The mask-conditioned network holding the pre-trained weights: every entry of
     * {@code pretrained} must name a parameter of the unconditioned network of {@code base} with
     * the same shape, and every such parameter must be given (strict); the parameters that
     * conditioning adds keep their initialisation. The paper's fine-tuning with gates {@code mode}.
     */
    public static AttentionUNet fromPretrained(UNetConfig base, Map<String, Tensor> pretrained, GateMode mode, long seed) {
        return fromPretrained(base, pretrained, Conditioning.implied(mode), mode, seed);
    }

    /**
     * As {@link #fromPretrained(UNetConfig, Map, GateMode, long)}, with mask paths
     * {@code conditioning} (not NONE) and gates {@code mode}.
     */
    public static AttentionUNet fromPretrained(UNetConfig base, Map<String, Tensor> pretrained, Conditioning conditioning,
                                               GateMode mode, long seed) {
        if (base.maskConditioned()) {
            throw new IllegalArgumentException("fine-tuning starts from an unconditioned G_I, got conditioning "
                    + base.conditioning() + " with gate mode " + base.gateMode());
        }
        if (!conditioning.conditioned()) {
            throw new IllegalArgumentException("fine-tuning needs a conditioning other than NONE (a gate mode other than NONE "
                    + "for the paper's fine-tuning)");
        }
        UNetConfig tuned = base.withConditioning(conditioning, mode);
        // Strict check against the pre-trained architecture itself, so a missing or stray G_I weight fails loudly.
        new AttentionUNet(base, seed).loadStateDict(pretrained, true);
        AttentionUNet net = new AttentionUNet(tuned, seed);
        Map<String, Tensor> own = net.stateDict();
        List<String> missing = new ArrayList<>();
        for (String k : pretrained.keySet()) {
            if (!own.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("conditioned network lacks pre-trained weights " + missing);
        }
        net.loadStateDict(new LinkedHashMap<>(pretrained), false);
        return net;
    }

    /** The names of the parameters the paper's conditioning with gates {@code mode} adds to {@code base}'s network. */
    public static List<String> newParameterNames(UNetConfig base, GateMode mode) {
        return newParameterNames(base, Conditioning.implied(mode), mode);
    }

    /**
     * The names of the parameters conditioning {@code conditioning} with gates {@code mode} adds
     * to {@code base}'s network (the ones fine-tuning initialises).
     */
    public static List<String> newParameterNames(UNetConfig base, Conditioning conditioning, GateMode mode) {
        Map<String, ?> plain = new AttentionUNet(base, 0).namedParameters();
        List<String> out = new ArrayList<>();
        for (String k : new AttentionUNet(base.withConditioning(conditioning, mode), 0).namedParameters().keySet()) {
            if (!plain.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The underlying trainer (progress output, checkpoints, EMA). */
    public DdpmTrainer trainer() {
        return trainer;
    }

    /** The network being fine-tuned. */
    public AttentionUNet model() {
        return trainer.model();
    }

    /**
     * Fine-tunes on {@code pairs} (images in [-1, 1] with their masks in {0, 1}), resuming from
     * and checkpointing into {@code runDir} (may be null), and returns the EMA network.
     */
    public AttentionUNet train(BatchSource pairs, Path runDir) throws IOException {
        BatchSource checked = (step, size) -> {
            Batch b = pairs.batch(step, size);
            if (b.masks() == null) {
                throw new IllegalArgumentException("GatedFineTuner: batch " + step + " has no masks");
            }
            return b;
        };
        trainer.train(checked, runDir);
        return trainer.emaModel();
    }
}
