package org.dadda.diffusion.unet;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.Prediction;

/**
 * The shape of an {@link AttentionUNet}. The defaults follow the reference network of
 * {@code shared/anchors/bench_unet.py}: residual blocks of GroupNorm(32)+SiLU+conv3x3 with a time
 * projection, {@code numResBlocks} blocks per level going down and one more going up (skip
 * concatenation), stride-2 convolutions down, nearest upsampling + conv up, self-attention of
 * {@code heads x headDim} (paper: 4 x 32) at the resolutions in {@code attentionResolutions}
 * (the intermediate level) and always in the bottleneck (Res-Attn-Res).
 *
 * @param imageSize            input height and width (a multiple of {@code 2^(levels-1)})
 * @param inChannels           3 for G_I, 1 for G_M
 * @param outChannels          channels of the predicted noise (equal to {@code inChannels})
 * @param baseChannels         width of the first level; the time embedding is {@code 4 x} this
 * @param channelMult          width multiplier per level
 * @param numResBlocks         residual blocks per level on the way down
 * @param attentionResolutions feature-map sizes that get self-attention after each residual block
 * @param heads                attention heads
 * @param headDim              width of each head {@code d_h}
 * @param normGroups           GroupNorm groups (reduced to {@code gcd(normGroups, channels)} for narrow layers)
 * @param numClasses           classes of the class embedding (G_M, classifier-free guidance); 0 for none
 * @param gateMode             gates of the paper's gated cross-attention (fine-tuned G_I, eq. 9, 10); NONE for none
 * @param maskEmbedWidths      widths of the three Conv-ReLU-MaxPool blocks of the mask embedding
 * @param conditioning         which paths carry the mask: the paper's (Sec. III-C), the spatial one (this project's
 *                             choice), both, or none
 * @param prediction           what the output means: the noise (the paper's) or the velocity (this project's option
 *                             for G_M; see {@link Prediction})
 */
public record UNetConfig(int imageSize, int inChannels, int outChannels, int baseChannels, int[] channelMult,
                         int numResBlocks, int[] attentionResolutions, int heads, int headDim, int normGroups,
                         int numClasses, GateMode gateMode, int[] maskEmbedWidths, Conditioning conditioning,
                         Prediction prediction) {

    /**
     * Validates the configuration. Gates belong to the paper's path, so a gate mode other than
     * NONE needs {@code conditioning} PAPER or BOTH.
     */
    public UNetConfig {
        channelMult = channelMult.clone();
        attentionResolutions = attentionResolutions.clone();
        maskEmbedWidths = maskEmbedWidths.clone();
        require(imageSize >= 1, "imageSize", imageSize);
        require(inChannels >= 1, "inChannels", inChannels);
        require(outChannels >= 1, "outChannels", outChannels);
        require(baseChannels >= 2 && baseChannels % 2 == 0, "baseChannels (even, >= 2)", baseChannels);
        require(channelMult.length >= 1, "channelMult length", channelMult.length);
        for (int m : channelMult) {
            require(m >= 1, "channelMult entry", m);
        }
        require(numResBlocks >= 1, "numResBlocks", numResBlocks);
        require(heads >= 1, "heads", heads);
        require(headDim >= 1, "headDim", headDim);
        require(normGroups >= 1, "normGroups", normGroups);
        require(numClasses >= 0, "numClasses", numClasses);
        require(maskEmbedWidths.length == 3, "maskEmbedWidths length (three Conv-ReLU-MaxPool blocks)", maskEmbedWidths.length);
        for (int w : maskEmbedWidths) {
            require(w >= 1, "maskEmbedWidths entry", w);
        }
        if (gateMode == null) {
            throw new IllegalArgumentException("UNetConfig.gateMode must not be null (use NONE)");
        }
        if (conditioning == null) {
            throw new IllegalArgumentException("UNetConfig.conditioning must not be null (use NONE)");
        }
        if (prediction == null) {
            throw new IllegalArgumentException("UNetConfig.prediction must not be null (use EPS)");
        }
        if (gateMode.conditioned() && !conditioning.hasPaperPath()) {
            throw new IllegalArgumentException("UNetConfig.gateMode " + gateMode + " needs UNetConfig.conditioning PAPER or BOTH "
                    + "(the gates are part of the paper's path), got conditioning " + conditioning);
        }
        int div = 1 << (channelMult.length - 1);
        if (imageSize % div != 0) {
            throw new IllegalArgumentException("UNetConfig.imageSize " + imageSize + " must be divisible by " + div + " for "
                    + channelMult.length + " levels");
        }
    }

    /**
     * The configuration of before the spatial path existed: the conditioning is implied by the
     * gates ({@link Conditioning#implied}), so every existing call keeps its meaning.
     */
    public UNetConfig(int imageSize, int inChannels, int outChannels, int baseChannels, int[] channelMult, int numResBlocks,
                      int[] attentionResolutions, int heads, int headDim, int normGroups, int numClasses, GateMode gateMode,
                      int[] maskEmbedWidths) {
        this(imageSize, inChannels, outChannels, baseChannels, channelMult, numResBlocks, attentionResolutions, heads, headDim,
                normGroups, numClasses, gateMode, maskEmbedWidths, Conditioning.implied(gateMode));
    }

    /** A noise-predicting network with mask conditioning {@code conditioning}. */
    public UNetConfig(int imageSize, int inChannels, int outChannels, int baseChannels, int[] channelMult, int numResBlocks,
                      int[] attentionResolutions, int heads, int headDim, int normGroups, int numClasses, GateMode gateMode,
                      int[] maskEmbedWidths, Conditioning conditioning) {
        this(imageSize, inChannels, outChannels, baseChannels, channelMult, numResBlocks, attentionResolutions, heads, headDim,
                normGroups, numClasses, gateMode, maskEmbedWidths, conditioning, Prediction.EPS);
    }

    private static void require(boolean ok, String field, int value) {
        if (!ok) {
            throw new IllegalArgumentException("UNetConfig." + field + " invalid: " + value);
        }
    }

    /**
     * The reference configuration of {@code bench_unet.py} with base width {@code base} at
     * {@code imageSize}: mult (1,2,2,4), 2 res blocks, attention at 16x16, 4 heads x 32,
     * GroupNorm(32), 3 channels, unconditional.
     */
    public static UNetConfig reference(int imageSize, int base) {
        return new UNetConfig(imageSize, 3, 3, base, new int[] {1, 2, 2, 4}, 2, new int[] {16}, 4, 32, 32, 0,
                GateMode.NONE, new int[] {16, 32, 64});
    }

    /** A tiny network for tests: width {@code base}, mult (1,2), 1 res block, attention at half resolution, 2 heads x 8. */
    public static UNetConfig tiny(int imageSize, int channels, int base) {
        return new UNetConfig(imageSize, channels, channels, base, new int[] {1, 2}, 1, new int[] {imageSize / 2}, 2, 8, 8, 0,
                GateMode.NONE, new int[] {4, 8, 8});
    }

    /** A copy of the width multipliers per level. */
    @Override
    public int[] channelMult() {
        return channelMult.clone();
    }

    /** A copy of the attended resolutions. */
    @Override
    public int[] attentionResolutions() {
        return attentionResolutions.clone();
    }

    /** A copy of the mask encoder widths. */
    @Override
    public int[] maskEmbedWidths() {
        return maskEmbedWidths.clone();
    }

    /** Width of the time embedding (4 x base). */
    public int timeEmbedDim() {
        return 4 * baseChannels;
    }

    /** Whether the network takes a defect mask (through either path). */
    public boolean maskConditioned() {
        return conditioning.conditioned();
    }

    /** Number of resolution levels. */
    public int levels() {
        return channelMult.length;
    }

    /** Whether a feature map of size {@code resolution} gets self-attention. */
    public boolean attendsAt(int resolution) {
        return Arrays.stream(attentionResolutions).anyMatch(r -> r == resolution);
    }

    /** GroupNorm groups for a layer of {@code channels} channels. */
    public int groupsFor(int channels) {
        int a = normGroups;
        int b = channels;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The same configuration with {@code channels} input and output channels. */
    public UNetConfig withChannels(int channels) {
        return new UNetConfig(imageSize, channels, channels, baseChannels, channelMult, numResBlocks, attentionResolutions,
                heads, headDim, normGroups, numClasses, gateMode, maskEmbedWidths, conditioning, prediction);
    }

    /** The same configuration with a class embedding of {@code classes} classes (plus the null class). */
    public UNetConfig withClasses(int classes) {
        return new UNetConfig(imageSize, inChannels, outChannels, baseChannels, channelMult, numResBlocks,
                attentionResolutions, heads, headDim, normGroups, classes, gateMode, maskEmbedWidths, conditioning, prediction);
    }

    /**
     * The same configuration with the paper's gates {@code mode}, as before the spatial path
     * existed: a conditioned mode switches the paper's path on, NONE switches it off (so the
     * paper's conditioned G_I is {@code base.withGateMode(mode)}); the spatial path, if any, is
     * kept.
     */
    public UNetConfig withGateMode(GateMode mode) {
        Conditioning c = mode.conditioned() ? (conditioning.hasSpatialPath() ? Conditioning.BOTH : Conditioning.PAPER)
                : (conditioning.hasSpatialPath() ? Conditioning.SPATIAL : Conditioning.NONE);
        return withConditioning(c, mode);
    }

    /** The same configuration with mask conditioning {@code c} and gates {@code mode} (validated together). */
    public UNetConfig withConditioning(Conditioning c, GateMode mode) {
        return new UNetConfig(imageSize, inChannels, outChannels, baseChannels, channelMult, numResBlocks,
                attentionResolutions, heads, headDim, normGroups, numClasses, mode, maskEmbedWidths, c, prediction);
    }

    /** The same configuration whose output means {@code p}. */
    public UNetConfig withPrediction(Prediction p) {
        return new UNetConfig(imageSize, inChannels, outChannels, baseChannels, channelMult, numResBlocks,
                attentionResolutions, heads, headDim, normGroups, numClasses, gateMode, maskEmbedWidths, conditioning, p);
    }

    /** The same configuration at {@code size} x {@code size} pixels. */
    public UNetConfig withImageSize(int size) {
        return new UNetConfig(size, inChannels, outChannels, baseChannels, channelMult, numResBlocks, attentionResolutions,
                heads, headDim, normGroups, numClasses, gateMode, maskEmbedWidths, conditioning, prediction);
    }

    /** The configuration as a JSON-ready map (for checkpoints and manifests). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imageSize", imageSize);
        m.put("inChannels", inChannels);
        m.put("outChannels", outChannels);
        m.put("baseChannels", baseChannels);
        m.put("channelMult", channelMult.clone());
        m.put("numResBlocks", numResBlocks);
        m.put("attentionResolutions", attentionResolutions.clone());
        m.put("heads", heads);
        m.put("headDim", headDim);
        m.put("normGroups", normGroups);
        m.put("numClasses", numClasses);
        m.put("gateMode", gateMode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("maskEmbedWidths", maskEmbedWidths.clone());
        if (conditioning.conditioned()) {
            // An unconditioned network writes the map it wrote before the choice existed, so the
            // stage keys and release digests of G_I and G_M stay as they were.
            m.put("conditioning", conditioning.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (prediction != Prediction.EPS) {
            // Likewise an epsilon network writes no prediction field.
            m.put("prediction", prediction.key());
        }
        return m;
    }

    /**
     * The configuration from {@link #toMap()}'s form (as parsed from JSON); names the field at
     * fault. Without a {@code conditioning} field (checkpoints and manifests written before it
     * existed) the conditioning is the one the gates imply; without {@code prediction}, the
     * network predicts the noise.
     */
    public static UNetConfig fromMap(Map<String, Object> m) {
        GateMode gates = GateMode.parse(String.valueOf(m.get("gateMode")));
        Object c = m.get("conditioning");
        return new UNetConfig(intField(m, "imageSize"), intField(m, "inChannels"), intField(m, "outChannels"),
                intField(m, "baseChannels"), intArray(m, "channelMult"), intField(m, "numResBlocks"),
                intArray(m, "attentionResolutions"), intField(m, "heads"), intField(m, "headDim"), intField(m, "normGroups"),
                intField(m, "numClasses"), gates, intArray(m, "maskEmbedWidths"),
                c == null ? Conditioning.implied(gates) : Conditioning.parse(String.valueOf(c)),
                m.containsKey("prediction") ? Prediction.parse(String.valueOf(m.get("prediction"))) : Prediction.EPS);
    }

    private static int intField(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("UNet config: field '" + key + "' missing or not a number: " + v);
        }
        return n.intValue();
    }

    private static int[] intArray(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof int[] a) {
            return a.clone();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("UNet config: field '" + key + "' missing or not an array: " + v);
        }
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("UNet config: field '" + key + "[" + i + "]' is not a number");
            }
            a[i] = n.intValue();
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UNetConfig c && imageSize == c.imageSize && inChannels == c.inChannels
                && outChannels == c.outChannels && baseChannels == c.baseChannels && numResBlocks == c.numResBlocks
                && heads == c.heads && headDim == c.headDim && normGroups == c.normGroups && numClasses == c.numClasses
                && gateMode == c.gateMode && conditioning == c.conditioning && prediction == c.prediction
                && Arrays.equals(channelMult, c.channelMult)
                && Arrays.equals(attentionResolutions, c.attentionResolutions)
                && Arrays.equals(maskEmbedWidths, c.maskEmbedWidths);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(imageSize, inChannels, baseChannels, numResBlocks, heads, headDim, numClasses, gateMode,
                conditioning, Arrays.hashCode(channelMult), Arrays.hashCode(attentionResolutions));
    }

    @Override
    public String toString() {
        return "UNetConfig" + toMap().entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof int[] a ? Arrays.toString(a) : e.getValue()))
                .toList();
    }
}
