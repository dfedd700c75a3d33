package org.dadda.diffusion.unet;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.Prediction;
import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Embedding;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.nn.layers.Linear;
import org.dadda.nn.layers.ModuleList;
import org.dadda.nn.layers.Sequential;
import org.dadda.nn.layers.SiLU;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The attention U-Net noise predictor of G_I and G_M (paper, Sec. III-B), laid out as the
 * reference network of {@code shared/anchors/bench_unet.py} (see {@link UNetConfig}): a
 * sinusoidal time embedding through {@code temb} (Linear-SiLU-Linear), an input convolution
 * {@code cin}, the encoder {@code down}, the bottleneck Res-Attn-Res ({@code mid1},
 * {@code mid2}), the decoder {@code up} joined to the encoder by skip concatenation, and the
 * output head {@code nout} + SiLU + {@code cout}. Self-attention (eq. 5, 6) sits at the
 * configured intermediate resolutions and in the bottleneck.
 *
 * <p>Optional conditioning:
 * <ul>
 *   <li>{@code numClasses > 0} (G_M): a learned class embedding {@code class_emb} of
 *       {@code numClasses + 1} rows, the last being the null class of classifier-free guidance,
 *       added to the time embedding;</li>
 *   <li>{@link Conditioning#hasPaperPath() the paper's path} (fine-tuned G_I, Sec. III-C): the
 *       mask projection {@code mask_embed} joined to the time embedding in the down and up
 *       blocks ({@code mask_proj}) and, unless {@code gateMode} is NONE,
 *       {@link GatedCrossAttention} around every self-attention block, fed by the mask encoders
 *       {@code defect_encoder} (of M) and {@code normal_encoder} (of 1 - M);</li>
 *   <li>{@link Conditioning#hasSpatialPath() the spatial path} (this project's choice): a
 *       {@link SpatialMaskModulation} ({@code spade}) in every residual block, down, middle and
 *       up, so that the network is told where the defect goes.</li>
 * </ul>
 * Conditioning parameters are drawn from generators forked off the seed before any weight is
 * drawn (stream 1 classes, 2 the paper's path, 3 the spatial path), so a conditioned network
 * built from the same seed has the same base weights as the unconditioned one, and the paper's
 * path has the same weights with or without the spatial path; every parameter name of the
 * unconditioned network is also a name of the conditioned one.
 */
public final class AttentionUNet extends Module {
    private final UNetConfig config;
    private final Sequential temb;
    private final Embedding classEmb;
    private final MaskTimeEmbedding maskEmbed;
    private final MaskEncoder defectEncoder;
    private final MaskEncoder normalEncoder;
    private final Conv2d cin;
    private final ModuleList down;
    private final UNetBlock mid1;
    private final ResBlock mid2;
    private final ModuleList up;
    private final GroupNorm nout;
    private final Conv2d cout;

    /** A network of shape {@code config} with weights drawn from {@code seed}. */
    public AttentionUNet(UNetConfig config, long seed) {
        this.config = config;
        Rng rng = new Rng(seed);
        Rng classRng = rng.fork(1);
        Rng maskRng = config.conditioning().hasPaperPath() ? rng.fork(2) : null;
        Rng spatialRng = config.conditioning().hasSpatialPath() ? rng.fork(3) : null;
        int base = config.baseChannels();
        int td = config.timeEmbedDim();
        this.temb = child("temb", new Sequential(new Linear(base, td, rng), new SiLU(), new Linear(td, td, rng)));
        this.classEmb = config.numClasses() > 0 ? child("class_emb", new Embedding(config.numClasses() + 1, td, classRng)) : null;
        this.maskEmbed = maskRng != null ? child("mask_embed", new MaskTimeEmbedding(config.imageSize(), td, maskRng)) : null;
        this.defectEncoder = config.gateMode().hasDefectGate()
                ? child("defect_encoder", new MaskEncoder(config.maskEmbedWidths(), maskRng)) : null;
        this.normalEncoder = config.gateMode().hasNormalGate()
                ? child("normal_encoder", new MaskEncoder(config.maskEmbedWidths(), maskRng)) : null;
        this.cin = child("cin", new Conv2d(config.inChannels(), base, 3, 1, 1, rng));
        this.down = child("down", new ModuleList());
        Deque<Integer> chans = new ArrayDeque<>();
        chans.push(base);
        int ch = base;
        int res = config.imageSize();
        int[] mult = config.channelMult();
        for (int li = 0; li < mult.length; li++) {
            for (int r = 0; r < config.numResBlocks(); r++) {
                down.add(new UNetBlock(ch, base * mult[li], res, config.attendsAt(res), config, rng, maskRng, true, spatialRng));
                ch = base * mult[li];
                chans.push(ch);
            }
            if (li != mult.length - 1) {
                down.add(new Conv2d(ch, ch, 3, 2, 1, rng));
                chans.push(ch);
                res /= 2;
            }
        }
        this.mid1 = child("mid1", new UNetBlock(ch, ch, res, true, config, rng, maskRng, false, spatialRng));
        this.mid2 = child("mid2", new ResBlock(ch, ch, td, config, rng, null, spatialRng));
        this.up = child("up", new ModuleList());
        for (int li = mult.length - 1; li >= 0; li--) {
            for (int r = 0; r < config.numResBlocks() + 1; r++) {
                up.add(new UNetBlock(ch + chans.pop(), base * mult[li], res, config.attendsAt(res), config, rng, maskRng, true,
                        spatialRng));
                ch = base * mult[li];
            }
            if (li != 0) {
                up.add(new UpsampleConv(ch, rng));
                res *= 2;
            }
        }
        this.nout = child("nout", new GroupNorm(config.groupsFor(ch), ch));
        this.cout = child("cout", new Conv2d(ch, config.outChannels(), 3, 1, 1, rng));
    }

    /** The configuration. */
    public UNetConfig config() {
        return config;
    }

    /** The index of the null class (classifier-free guidance's unconditional input). */
    public int nullClass() {
        return config.numClasses();
    }

    /**
     * The predicted noise for {@code x [B, C, S, S]} at timesteps {@code t} (one per sample).
     * {@code classes}: one class per sample in {@code [0, numClasses]} (the last is the null
     * class), or null for all-null; only for a class-conditioned network. {@code mask}: the
     * defect mask {@code [B, 1, S, S]} in {0, 1}; required by, and only accepted by, a
     * mask-conditioned network ({@link UNetConfig#maskConditioned()}, either path).
     */
    public Tensor forward(Tensor x, int[] t, int[] classes, Tensor mask) {
        checkInputs(x, t, classes, mask);
        int b = x.size(0);
        Tensor te = temb.forward(SinusoidalEmbedding.of(t, config.baseChannels()));
        if (classEmb != null) {
            int[] c = classes;
            if (c == null) {
                c = new int[b];
                Arrays.fill(c, nullClass());
            }
            te = te.add(classEmb.forward(c));
        }
        Tensor memb = maskEmbed != null ? maskEmbed.forward(mask) : null;
        MaskFeatures mf = new MaskFeatures(defectEncoder != null ? defectEncoder.forward(mask) : null,
                normalEncoder != null ? normalEncoder.forward(mask.neg().add(1)) : null);
        Tensor sm = config.conditioning().hasSpatialPath() ? mask : null;
        Tensor h = cin.forward(x);
        Deque<Tensor> hs = new ArrayDeque<>();
        hs.push(h);
        for (Module m : down.modules()) {
            h = m instanceof UNetBlock blk ? blk.forward(h, te, memb, mf, sm) : ((Conv2d) m).forward(h);
            hs.push(h);
        }
        h = mid1.forward(h, te, null, mf, sm);
        h = mid2.forward(h, te, null, sm);
        for (Module m : up.modules()) {
            if (m instanceof UNetBlock blk) {
                h = blk.forward(Tensor.cat(List.of(h, hs.pop()), 1), te, memb, mf, sm);
            } else {
                h = ((UpsampleConv) m).forward(h);
            }
        }
        return cout.forward(nout.forward(h).silu());
    }

    /** The unconditional prediction (no class, no mask). */
    public Tensor forward(Tensor x, int[] t) {
        return forward(x, t, null, null);
    }

    private void checkInputs(Tensor x, int[] t, int[] classes, Tensor mask) {
        int s = config.imageSize();
        if (x.dim() != 4 || x.size(1) != config.inChannels() || x.size(2) != s || x.size(3) != s) {
            throw new IllegalArgumentException("AttentionUNet: input shape " + Arrays.toString(x.shape()) + " must be [B, "
                    + config.inChannels() + ", " + s + ", " + s + "]");
        }
        if (t.length != x.size(0)) {
            throw new IllegalArgumentException("AttentionUNet: " + t.length + " timesteps for a batch of " + x.size(0));
        }
        if (classes != null) {
            if (classEmb == null) {
                throw new IllegalArgumentException("AttentionUNet: class labels given to a network without class embedding");
            }
            if (classes.length != x.size(0)) {
                throw new IllegalArgumentException("AttentionUNet: " + classes.length + " class labels for a batch of " + x.size(0));
            }
        }
        if (config.maskConditioned()) {
            if (mask == null || mask.dim() != 4 || mask.size(0) != x.size(0) || mask.size(1) != 1 || mask.size(2) != s
                    || mask.size(3) != s) {
                throw new IllegalArgumentException("AttentionUNet: a mask-conditioned network needs a mask [" + x.size(0)
                        + ", 1, " + s + ", " + s + "], got " + (mask == null ? "none" : Arrays.toString(mask.shape())));
            }
        } else if (mask != null) {
            throw new IllegalArgumentException("AttentionUNet: mask given to a network without mask conditioning");
        }
    }

    /**
     * This network as an unconditional noise predictor (a noise-predicting network only; see
     * {@link #epsModel(GaussianDiffusion, int[], Tensor)}).
     */
    public EpsModel epsModel() {
        return epsModel(null, null);
    }

    /**
     * This noise-predicting network as a noise predictor bound to per-sample {@code classes} (or
     * null) and a {@code mask} (or null); the batch of each call must match them.
     *
     * @throws IllegalStateException for a network that predicts something else
     */
    public EpsModel epsModel(int[] classes, Tensor mask) {
        if (config.prediction() != Prediction.EPS) {
            throw new IllegalStateException("AttentionUNet: the network predicts " + config.prediction().key()
                    + ", not the noise: use epsModel(diffusion, classes, mask)");
        }
        return rawModel(classes, mask);
    }

    /** As {@link #epsModel(int[], Tensor)} for a network of any {@link Prediction}, converted over {@code diffusion}. */
    public EpsModel epsModel(GaussianDiffusion diffusion, int[] classes, Tensor mask) {
        return config.prediction().asEps(diffusion, rawModel(classes, mask));
    }

    /** The network's raw output (whatever its {@link Prediction}) bound to {@code classes} and {@code mask}. */
    public EpsModel rawModel(int[] classes, Tensor mask) {
        return (x, t) -> forward(x, t, classes, mask);
    }

    /** Parameter count with a one-line description (conditioning and gates included), for logs and reports. */
    public String describe() {
        return String.format(Locale.ROOT, "AttentionUNet %dx%d, %d->%d channels, base %d, mult %s, %d res blocks, "
                        + "attention at %s + bottleneck (%d heads x %d), classes %d, conditioning %s, gates %s: "
                        + "%,d parameters (%.2fM)",
                config.imageSize(), config.imageSize(), config.inChannels(), config.outChannels(), config.baseChannels(),
                Arrays.toString(config.channelMult()), config.numResBlocks(), Arrays.toString(config.attentionResolutions()),
                config.heads(), config.headDim(), config.numClasses(),
                config.conditioning().name().toLowerCase(Locale.ROOT), config.gateMode().name().toLowerCase(Locale.ROOT),
                parameterCount(), parameterCount() / 1e6);
    }
}
