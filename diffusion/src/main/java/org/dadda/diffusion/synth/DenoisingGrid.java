package org.dadda.diffusion.synth;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.tensor.Tensor;

/**
 * The picture of the paper's Fig. 8: samples at several timesteps of the reverse process, one
 * row per sample, one column per requested timestep (for example 900, 700, ..., 0), showing the
 * latent {@code x_t} at the visited step nearest to each requested one, and the finished sample
 * in the column of {@code t = 0}.
 */
public final class DenoisingGrid {
    private DenoisingGrid() {
    }

    /** Frames of a run: {@code frames[j]} is the batch {@code [N, C, H, W]} shown in column {@code j}. */
    public record Frames(int[] timesteps, List<Tensor> frames, Tensor result) {
        /** The frames as an image grid, rows = samples, columns = timesteps. */
        public BufferedImage picture() {
            int n = result.size(0);
            List<BufferedImage> tiles = new ArrayList<>();
            List<List<BufferedImage>> cols = new ArrayList<>();
            for (Tensor f : frames) {
                cols.add(ImageFiles.images(f.clamp(-1, 1)));
            }
            for (int i = 0; i < n; i++) {
                for (List<BufferedImage> c : cols) {
                    tiles.add(c.get(i));
                }
            }
            return ImageFiles.grid(tiles, frames.size(), 2, Color.WHITE);
        }
    }

    /**
     * Runs {@code sampler} with {@code model} from {@code noise} (batch shape {@code shape}) and
     * keeps the latents nearest to {@code timesteps} (in any order; 0 means the final sample).
     */
    public static Frames capture(Sampler sampler, EpsModel model, int[] shape, NoiseSource noise, int[] timesteps) {
        int[] visited = sampler.timesteps();
        int[] nearest = new int[timesteps.length];
        for (int j = 0; j < timesteps.length; j++) {
            int best = visited[0];
            for (int v : visited) {
                if (Math.abs(v - timesteps[j]) < Math.abs(best - timesteps[j])) {
                    best = v;
                }
            }
            nearest[j] = timesteps[j] <= 0 ? -1 : best;
        }
        Tensor[] kept = new Tensor[timesteps.length];
        Tensor result = sampler.sample(model, shape, noise, (t, xt, x0) -> {
            for (int j = 0; j < nearest.length; j++) {
                if (nearest[j] == t) {
                    kept[j] = xt.copy();
                }
            }
        });
        for (int j = 0; j < kept.length; j++) {
            if (nearest[j] < 0) {
                kept[j] = result;
            }
        }
        return new Frames(timesteps.clone(), Arrays.asList(kept), result);
    }

    /** {@link #capture} and write the picture to {@code file} as PNG; returns the frames. */
    public static Frames write(Path file, Sampler sampler, EpsModel model, int[] shape, NoiseSource noise, int[] timesteps)
            throws IOException {
        Frames f = capture(sampler, model, shape, noise, timesteps);
        ImageFiles.writePng(file, f.picture());
        return f;
    }
}
