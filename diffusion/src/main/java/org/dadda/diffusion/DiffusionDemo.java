package org.dadda.diffusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dadda.diffusion.synth.ImageFiles;
import org.dadda.diffusion.synth.MaskModel;
import org.dadda.diffusion.train.TensorDataset;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * An end-to-end run of the generative stages on a built-in toy category (striped surfaces with
 * two defect types, "scratch" lines and "spot" disks): trains G_I, G_M, fine-tunes G_I with
 * gates, synthesizes pairs in MVTec layout and writes the pictures. For a first look and for
 * timing a profile; the real pipeline is driven by the federated module.
 *
 * <pre>java ... org.dadda.diffusion.DiffusionDemo [quick|cpu|paper] [run-dir] [seed]</pre>
 */
public final class DiffusionDemo {
    private DiffusionDemo() {
    }

    /** Runs the demo; arguments: profile (default quick), run folder (default runs/diffusion-demo), seed (default 1). */
    public static void main(String[] args) throws IOException {
        DiffusionProfile profile = DiffusionProfile.parse(args.length > 0 ? args[0] : "quick");
        Path run = Path.of(args.length > 1 ? args[1] : "runs/diffusion-demo");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int s = profile.imageSize();
        System.out.println("profile " + profile + ", run folder " + run.toAbsolutePath());
        System.out.println("G_I: " + new AttentionUNet(profile.imageNet(), 0).describe());
        System.out.println("G_M: " + new AttentionUNet(profile.maskNet(2), 0).describe());
        System.out.println("G_I gated: " + new AttentionUNet(profile.gatedImageNet(GateMode.BOTH), 0).describe());

        ToyCategory toy = ToyCategory.make(s, 32, new Rng(seed));
        ImageFiles.writePng(run.resolve("data/normals.png"), ImageFiles.grid(ImageFiles.images(toy.normals.narrow(0, 0, 8)), 8, 2,
                java.awt.Color.DARK_GRAY));
        ImageFiles.writePng(run.resolve("data/pairs.png"), ImageFiles.pairGrid(toy.defects.narrow(0, 0, 8), toy.masks.narrow(0, 0, 8), 4));

        DiffusionPipeline p = new DiffusionPipeline(profile, run, seed);
        long t0 = System.nanoTime();
        AttentionUNet gi = p.trainImageModel(new TensorDataset(toy.normals, null, null, seed));
        long t1 = System.nanoTime();
        MaskModel gm = p.trainMaskModel(new TensorDataset(MaskModel.toSigned(toy.masks), toy.labels, null, seed), 2);
        long t2 = System.nanoTime();
        AttentionUNet gated = p.fineTune(gi, new TensorDataset(toy.defects, null, toy.masks, seed), GateMode.BOTH);
        long t3 = System.nanoTime();
        p.synthesize(gm, gated, "toy", List.of("scratch", "spot"), run.resolve("synthetic"));
        long t4 = System.nanoTime();
        p.denoisingFigure(gi, 4, run.resolve("fig8_denoising.png"));
        long t5 = System.nanoTime();
        System.out.printf(Locale.ROOT, "G_I %.1f s, G_M %.1f s, fine-tuning %.1f s, synthesis %.1f s, figure %.1f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9);
    }

    /** The toy category: normal images, defective images, their masks and defect labels. */
    static final class ToyCategory {
        Tensor normals;
        Tensor defects;
        Tensor masks;
        int[] labels;

        /** {@code n} samples of each kind at {@code size} pixels. */
        static ToyCategory make(int size, int n, Rng rng) {
            ToyCategory c = new ToyCategory();
            float[] normals = new float[n * 3 * size * size];
            float[] defects = new float[n * 3 * size * size];
            float[] masks = new float[n * size * size];
            c.labels = new int[n];
            for (int i = 0; i < n; i++) {
                c.labels[i] = i % 2;
                surface(normals, i, size, rng);
                surface(defects, i, size, rng);
                defectMask(masks, i, size, c.labels[i], rng);
                for (int p = 0; p < size * size; p++) {
                    if (masks[i * size * size + p] > 0) {
                        for (int ch = 0; ch < 3; ch++) {
                            defects[(i * 3 + ch) * size * size + p] = ch == 0 ? 0.6f : -0.8f;
                        }
                    }
                }
            }
            c.normals = Tensor.fromArray(normals, n, 3, size, size);
            c.defects = Tensor.fromArray(defects, n, 3, size, size);
            c.masks = Tensor.fromArray(masks, n, 1, size, size);
            return c;
        }

        private static void surface(float[] out, int i, int size, Rng rng) {
            double phase = rng.nextDouble() * 2 * Math.PI;
            double freq = 2 * Math.PI * (3 + rng.nextDouble()) / size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = 0.5 * Math.sin(freq * (x + 0.3 * y) + phase);
                    for (int ch = 0; ch < 3; ch++) {
                        out[((i * 3 + ch) * size + y) * size + x] = (float) (v * (ch == 2 ? 0.5 : 1) + (ch == 1 ? 0.2 : 0));
                    }
                }
            }
        }

        private static void defectMask(float[] out, int i, int size, int kind, Rng rng) {
            double cx = size * (0.25 + 0.5 * rng.nextDouble());
            double cy = size * (0.25 + 0.5 * rng.nextDouble());
            double angle = rng.nextDouble() * Math.PI;
            double r = size * (0.08 + 0.06 * rng.nextDouble());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    boolean on;
                    if (kind == 0) {
                        double along = dx * Math.cos(angle) + dy * Math.sin(angle);
                        double across = -dx * Math.sin(angle) + dy * Math.cos(angle);
                        on = Math.abs(along) < size * 0.3 && Math.abs(across) < 1.0;
                    } else {
                        on = dx * dx + dy * dy < r * r;
                    }
                    out[(i * size + y) * size + x] = on ? 1 : 0;
                }
            }
        }
    }
}
