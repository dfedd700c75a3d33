package org.dadda.nn.models;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.dadda.nn.Layer;
import org.dadda.nn.Module;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.nn.layers.Identity;
import org.dadda.nn.layers.Linear;
import org.dadda.nn.layers.ModuleList;
import org.dadda.nn.layers.Sequential;
import org.dadda.nn.layers.SiLU;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The reference DDPM U-Net of the "U-Net step" benchmark, exactly as {@code UNet} in
 * {@code shared/anchors/bench_unet.py}, with its state_dict names ({@code temb.0}, {@code cin},
 * {@code down.3.0.n1}, {@code down.2} (a stride-2 convolution), {@code mid1}, {@code mida},
 * {@code up.*}, {@code nout}, {@code cout}): ResBlocks of GN(32)+SiLU+conv3x3, a linear time
 * projection, GN(32)+SiLU+conv3x3 and a 1x1 skip when the width changes; {@code nres} blocks
 * per level down, {@code nres + 1} up with skip concatenation; stride-2 convolutions down,
 * nearest upsampling and a convolution up; self-attention (4 heads of 32) at the listed
 * resolutions and in the bottleneck. Three image channels in and out, as the benchmark.
 * The diffusion module builds the paper's network separately; this one exists to compare speed
 * with PyTorch on the same network.
 */
public final class RefUNet extends Module {
    private final int base;
    private final int img;
    private final Sequential temb;
    private final Conv2d cin;
    private final ModuleList down;
    private final Res mid1;
    private final Attn mida;
    private final Res mid2;
    private final ModuleList up;
    private final GroupNorm nout;
    private final Conv2d cout;

    /**
     * A U-Net with base width {@code base}, channel multipliers {@code mult} per level,
     * {@code nres} ResBlocks per level, for {@code img x img} inputs, with attention at the
     * resolutions in {@code attnRes}.
     */
    public RefUNet(int base, int[] mult, int nres, int img, int[] attnRes, Rng rng) {
        if (base < 2 || base % 2 != 0 || mult.length == 0 || nres < 1 || img < 1 || img % (1 << (mult.length - 1)) != 0) {
            throw new IllegalArgumentException("RefUNet: invalid configuration base " + base + ", mult " + Arrays.toString(mult)
                    + ", nres " + nres + ", img " + img + " (base even, img divisible by 2^(levels-1))");
        }
        this.base = base;
        this.img = img;
        int td = 4 * base;
        this.temb = child("temb", new Sequential(new Linear(base, td, rng), new SiLU(), new Linear(td, td, rng)));
        this.cin = child("cin", new Conv2d(3, base, 3, 1, 1, rng));
        this.down = new ModuleList();
        Deque<Integer> chans = new ArrayDeque<>();
        chans.push(base);
        int ch = base;
        int res = img;
        for (int li = 0; li < mult.length; li++) {
            int m = mult[li];
            for (int r = 0; r < nres; r++) {
                down.add(new ModuleList(new Res(ch, base * m, td, rng), attnOrIdentity(base * m, res, attnRes, rng)));
                ch = base * m;
                chans.push(ch);
            }
            if (li != mult.length - 1) {
                down.add(new Conv2d(ch, ch, 3, 2, 1, rng));
                chans.push(ch);
                res /= 2;
            }
        }
        child("down", down);
        this.mid1 = child("mid1", new Res(ch, ch, td, rng));
        this.mida = child("mida", new Attn(ch, rng));
        this.mid2 = child("mid2", new Res(ch, ch, td, rng));
        this.up = new ModuleList();
        for (int li = mult.length - 1; li >= 0; li--) {
            int m = mult[li];
            for (int r = 0; r < nres + 1; r++) {
                up.add(new ModuleList(new Res(ch + chans.pop(), base * m, td, rng), attnOrIdentity(base * m, res, attnRes, rng)));
                ch = base * m;
            }
            if (li != 0) {
                up.add(new Conv2d(ch, ch, 3, 1, 1, rng));
                res *= 2;
            }
        }
        child("up", up);
        this.nout = child("nout", new GroupNorm(32, ch));
        this.cout = child("cout", new Conv2d(ch, 3, 3, 1, 1, rng));
    }

    /** {@code ref-s}: base 32, 32x32 images, multipliers (1, 2, 2, 4), attention at 16x16 (4.40M parameters). */
    public static RefUNet refS(Rng rng) {
        return new RefUNet(32, new int[] {1, 2, 2, 4}, 2, 32, new int[] {16}, rng);
    }

    /** {@code ref-m}: base 64, 64x64 images, multipliers (1, 2, 2, 4), attention at 16x16 (17.09M parameters). */
    public static RefUNet refM(Rng rng) {
        return new RefUNet(64, new int[] {1, 2, 2, 4}, 2, 64, new int[] {16}, rng);
    }

    /** The configuration named {@code ref-s} or {@code ref-m}. */
    public static RefUNet config(String name, Rng rng) {
        return switch (name) {
            case "ref-s" -> refS(rng);
            case "ref-m" -> refM(rng);
            default -> throw new IllegalArgumentException("RefUNet: unknown configuration '" + name + "' (expected ref-s or ref-m)");
        };
    }

    private static Layer attnOrIdentity(int ch, int res, int[] attnRes, Rng rng) {
        return Arrays.stream(attnRes).anyMatch(r -> r == res) ? new Attn(ch, rng) : new Identity();
    }

    /** The image size the network was configured for. */
    public int imageSize() {
        return img;
    }

    /**
     * The predicted noise {@code [B, 3, H, W]} for noisy images {@code x [B, 3, H, W]} at
     * timesteps {@code t} (one per image).
     */
    public Tensor forward(Tensor x, int[] t) {
        if (x.dim() != 4 || x.size(1) != 3 || t.length != x.size(0)) {
            throw new IllegalArgumentException("RefUNet: input " + Arrays.toString(x.shape()) + " must be [B, 3, H, W] with "
                    + "one timestep per image, got " + t.length + " timesteps");
        }
        Tensor te = temb.forward(timestepEmbedding(t, base));
        Tensor h = cin.forward(x);
        List<Tensor> hs = new ArrayList<>();
        hs.add(h);
        for (Module blk : down.modules()) {
            h = blk instanceof Conv2d c ? c.forward(h) : applyPair((ModuleList) blk, h, te);
            hs.add(h);
        }
        h = mid2.forward(mida.forward(mid1.forward(h, te)), te);
        for (Module blk : up.modules()) {
            if (blk instanceof Conv2d c) {
                h = c.forward(Functional.upsampleNearest(h, 2));
            } else {
                h = applyPair((ModuleList) blk, Tensor.cat(List.of(h, hs.remove(hs.size() - 1)), 1), te);
            }
        }
        return cout.forward(nout.forward(h).silu());
    }

    private static Tensor applyPair(ModuleList pair, Tensor h, Tensor te) {
        return ((Layer) pair.get(1)).forward(((Res) pair.get(0)).forward(h, te));
    }

    /**
     * bench_unet.py's sinusoidal embedding {@code [sin(t f), cos(t f)]} with
     * {@code f_i = exp(-ln(10000) i / half)}, rounded at each step to float32 as PyTorch computes
     * it there (in float32 whatever the network's precision).
     */
    static Tensor timestepEmbedding(int[] t, int dim) {
        int half = dim / 2;
        float scale = (float) -Math.log(10000);
        double[] out = new double[t.length * dim];
        for (int b = 0; b < t.length; b++) {
            for (int i = 0; i < half; i++) {
                float f = (float) Math.exp((scale * i) / half);
                float e = (float) t[b] * f;
                out[b * dim + i] = (float) Math.sin(e);
                out[b * dim + half + i] = (float) Math.cos(e);
            }
        }
        return Tensor.fromDoubles(out, t.length, dim);
    }

    /**
     * bench_unet.py's {@code Res}: {@code skip(x) + c2(silu(n2(c1(silu(n1(x))) + t(te))))}, children
     * {@code n1}, {@code c1}, {@code t}, {@code n2}, {@code c2} and, when the width changes,
     * {@code skip} (1x1).
     */
    public static final class Res extends Module {
        private final GroupNorm n1;
        private final Conv2d c1;
        private final Linear t;
        private final GroupNorm n2;
        private final Conv2d c2;
        private final Conv2d skip;

        /** A block from {@code cin} to {@code cout} channels with a time embedding of width {@code tdim}. */
        public Res(int cin, int cout, int tdim, Rng rng) {
            this.n1 = child("n1", new GroupNorm(32, cin));
            this.c1 = child("c1", new Conv2d(cin, cout, 3, 1, 1, rng));
            this.t = child("t", new Linear(tdim, cout, rng));
            this.n2 = child("n2", new GroupNorm(32, cout));
            this.c2 = child("c2", new Conv2d(cout, cout, 3, 1, 1, rng));
            this.skip = cin != cout ? child("skip", new Conv2d(cin, cout, 1, rng)) : null;
        }

        /** The block applied to {@code x [B, cin, H, W]} with time embedding {@code te [B, tdim]}. */
        public Tensor forward(Tensor x, Tensor te) {
            Tensor tp = t.forward(te);
            Tensor h = c1.forward(n1.forward(x).silu()).add(tp.reshape(tp.size(0), tp.size(1), 1, 1));
            h = c2.forward(n2.forward(h).silu());
            return (skip == null ? x : skip.forward(x)).add(h);
        }
    }

    /**
     * bench_unet.py's {@code Attn}: {@code x + out(attention(qkv(norm(x))))} with 4 heads of 32,
     * children {@code norm} (GN(32)), {@code qkv} (1x1 to {@code 3 * 4 * 32}, laid out as
     * {@code [3, heads, dHead]}) and {@code out} (1x1 back to {@code C}).
     */
    public static final class Attn extends Layer {
        private static final int HEADS = 4;
        private static final int D_HEAD = 32;
        private final GroupNorm norm;
        private final Conv2d qkv;
        private final Conv2d out;

        /** Attention over {@code c} channels. */
        public Attn(int c, Rng rng) {
            this.norm = child("norm", new GroupNorm(32, c));
            this.qkv = child("qkv", new Conv2d(c, 3 * HEADS * D_HEAD, 1, rng));
            this.out = child("out", new Conv2d(HEADS * D_HEAD, c, 1, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            int b = x.size(0);
            int h = x.size(2);
            int w = x.size(3);
            int tokens = h * w;
            // [B, 3, heads, dHead, T] -> [3, B, heads, T, dHead]: q, k, v become views along the first axis.
            Tensor qkvT = qkv.forward(norm.forward(x)).reshape(b, 3, HEADS, D_HEAD, tokens).permute(1, 0, 2, 4, 3);
            Tensor q = qkvT.narrow(0, 0, 1).reshape(b, HEADS, tokens, D_HEAD);
            Tensor k = qkvT.narrow(0, 1, 1).reshape(b, HEADS, tokens, D_HEAD);
            Tensor v = qkvT.narrow(0, 2, 1).reshape(b, HEADS, tokens, D_HEAD);
            Tensor y = Functional.attention(q, k, v, null, Math.pow(D_HEAD, -0.5));
            return x.add(out.forward(y.permute(0, 1, 3, 2).reshape(b, HEADS * D_HEAD, h, w)));
        }
    }
}
