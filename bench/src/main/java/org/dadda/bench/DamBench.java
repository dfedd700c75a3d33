package org.dadda.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dadda.augment.data.CategoryKind;
import org.dadda.augment.dam.DamConfig;
import org.dadda.augment.dam.DamSample;
import org.dadda.augment.dam.DataAugmentationModule;
import org.dadda.augment.dam.MaskAugmenter;
import org.dadda.augment.dam.PatchReplacer;
import org.dadda.augment.dam.QualityCheck;
import org.dadda.augment.data.SyntheticDatasetGenerator;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.image.Mask;
import org.dadda.augment.image.Resize;
import org.dadda.augment.ops.CrossCorrelationAligner;
import org.dadda.augment.ops.HistogramMatcher;
import org.dadda.augment.ops.QuickShift;
import org.dadda.augment.ops.Ssim;
import org.dadda.augment.ops.SuperpixelGraph;
import org.dadda.augment.util.SeededRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Data Augmentation Module step by step, like the paper's Table VI (superpixel extraction,
 * alignment, mask creation and augmentation, data quality assessment, total per generated image;
 * transistor, 6 to 29 s per image), plus the scikit-image comparisons of
 * {@code ../shared/anchors/bench_skimage.py} (quick shift with kernel 3, max distance 6, ratio
 * 0.5; SSIM and histogram matching of 128x128 RGB images).
 *
 * <p>The DAM steps run on the built-in synthetic object category {@code synth_pill} (30 normal
 * images, 3 defective training images of type crack, rendered in memory at the benchmark size),
 * each invocation on the next of 50 inputs, so the averages are over 50 different samples as
 * in Table VI:
 * <ul>
 *   <li>{@code damSuperpixels}: quick shift of one normal image;</li>
 *   <li>{@code damAlignment}: cross-correlation alignment of a defective image and its mask;</li>
 *   <li>{@code damMaskCreation}: defective region, one augmented mask, histogram matching and
 *       patch replacement (one attempt);</li>
 *   <li>{@code damQualityTry}: eq. 4 for one attempt (incremental SSIM against all references);</li>
 *   <li>{@code damQualityFull}: eq. 4 for one attempt with full SSIM computations;</li>
 *   <li>{@code damSample}: one whole novel sample, all attempts included (up to 100), superpixels
 *       already extracted, as Table VI counts superpixel extraction as a separate initial step.</li>
 * </ul>
 * The comparison inputs are read from {@code augment/src/test/resources/fixtures} (the same
 * astronaut and chelsea images, resized by scikit-image); run from the repository root, or set
 * {@code -Ddadda.fixtures=DIR}. Without them a synthetic image stands in, and setup says so.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true"})
public class DamBench {

    /** Number of distinct inputs the DAM benchmarks cycle through. */
    static final int INPUTS = 50;

    /** Inputs at one size: reference images and a DAM over a synthetic object category. */
    @State(Scope.Thread)
    public static class Inputs {
        @Param({"128", "256"})
        int size;

        Image astronaut;
        Image astronautNoisy;
        Image chelsea;
        Ssim.Stats astronautStats;
        Ssim.Stats noisyStats;
        QuickShift quickShift;

        DataAugmentationModule dam;
        DamConfig config;
        List<Image> normals;
        List<Image> defectives;
        List<Mask> masks;
        SuperpixelGraph[] graphs;
        CrossCorrelationAligner aligner;
        MaskAugmenter.Region[] regions;
        MaskAugmenter[] augmenters;
        Image[] aligned;
        Image[] candidates;
        Mask[] candidateMasks;
        QualityCheck.Session[] sessions;
        int next;

        /** Reads or renders the inputs and prepares one of each step's arguments per input. */
        @Setup(Level.Trial)
        public void setup() {
            Path dir = Path.of(System.getProperty("dadda.fixtures", "augment/src/test/resources/fixtures"));
            Path astro = dir.resolve(size == 256 ? "astronaut256.png" : "astronaut128.png");
            if (Files.isRegularFile(astro)) {
                astronaut = ImageFiles.readRgb(astro);
                astronautNoisy = Resize.image(ImageFiles.readRgb(dir.resolve("astronaut128_noisy.png")), size, size);
                chelsea = Resize.image(ImageFiles.readRgb(dir.resolve("chelsea128.png")), size, size);
            } else {
                System.err.println("DamBench: fixtures not found in " + dir.toAbsolutePath() + "; timing synthetic images instead of the astronaut");
                SyntheticDatasetGenerator g = new SyntheticDatasetGenerator(new SyntheticDatasetGenerator.Settings(size, 1, 1, 1, 1));
                astronaut = g.normal("synth_pill", "train", 0);
                astronautNoisy = g.normal("synth_pill", "train", 1);
                chelsea = g.normal("synth_grain", "train", 0);
            }
            astronautStats = Ssim.stats(astronaut);
            noisyStats = Ssim.stats(astronautNoisy);
            quickShift = new QuickShift(QuickShift.Params.dam());

            SyntheticDatasetGenerator.Settings d = SyntheticDatasetGenerator.Settings.defaults(0);
            SyntheticDatasetGenerator gen = new SyntheticDatasetGenerator(new SyntheticDatasetGenerator.Settings(size, d.trainGood(), d.testGood(), d.perDefectType(), 0));
            normals = new ArrayList<>();
            for (int i = 0; i < d.trainGood(); i++) {
                normals.add(gen.normal("synth_pill", "train", i));
            }
            defectives = new ArrayList<>();
            masks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SyntheticDatasetGenerator.Defective x = gen.defective("synth_pill", "crack", i);
                defectives.add(x.image());
                masks.add(x.mask());
            }
            config = DamConfig.defaults(CategoryKind.OBJECT, 0);
            dam = new DataAugmentationModule(config, "crack", normals, defectives, masks);
            aligner = new CrossCorrelationAligner(config.cropFraction());
            graphs = new SuperpixelGraph[normals.size()];
            for (int i = 0; i < normals.size(); i++) {
                graphs[i] = dam.superpixels(i);
            }
            regions = new MaskAugmenter.Region[INPUTS];
            augmenters = new MaskAugmenter[INPUTS];
            aligned = new Image[INPUTS];
            candidates = new Image[INPUTS];
            candidateMasks = new Mask[INPUTS];
            sessions = new QualityCheck.Session[INPUTS];
            SeededRandom r = new SeededRandom(1);
            for (int k = 0; k < INPUTS; k++) {
                int ni = k % normals.size();
                int di = k % defectives.size();
                CrossCorrelationAligner.Alignment a = aligner.align(normals.get(ni), defectives.get(di));
                aligned[k] = CrossCorrelationAligner.shift(defectives.get(di), a);
                Mask m = CrossCorrelationAligner.shift(masks.get(di), a);
                augmenters[k] = new MaskAugmenter(graphs[ni], config.pMin(), config.pMax(), config.maskSmoothingSigma(), config.maskMarginPixels(size, size));
                regions[k] = augmenters[k].defectiveRegion(m.isEmpty() ? masks.get(di) : m);
                candidateMasks[k] = augmenters[k].augment(regions[k], r).mask();
                candidates[k] = PatchReplacer.replace(normals.get(ni), aligned[k], candidateMasks[k], 0, 0, true);
                sessions[k] = dam.qualityCheck().session(normals.get(ni));
            }
            // Warm the whole sample path once so that the first measured samples are not the JIT's.
            for (int k = 0; k < 3; k++) {
                dam.sample(INPUTS + k);
            }
        }

        int nextInput() {
            int k = next;
            next = (next + 1) % INPUTS;
            return k;
        }
    }

    /** Quick shift of the astronaut image (kernel 3, max distance 6, ratio 0.5), as bench_skimage.py times it. */
    @Benchmark
    public LabelMap quickShiftAstronaut(Inputs in) {
        return in.quickShift.segment(in.astronaut);
    }

    /** Mean SSIM of the astronaut and a noisy copy, both images' statistics included, as structural_similarity computes it. */
    @Benchmark
    public double ssimAstronaut(Inputs in) {
        return Ssim.ssim(in.astronaut, in.astronautNoisy);
    }

    /** Channel-wise histogram matching of the astronaut to chelsea, as match_histograms. */
    @Benchmark
    public Image matchHistogramsAstronaut(Inputs in) {
        return HistogramMatcher.match(in.astronaut, in.chelsea);
    }

    /** Table VI "Superpixel extr.": quick shift of one normal image. */
    @Benchmark
    public LabelMap damSuperpixels(Inputs in) {
        return in.quickShift.segment(in.normals.get(in.nextInput() % in.normals.size()));
    }

    /** Table VI "Alignment": align a defective image to a normal one, then move image and mask. */
    @Benchmark
    public Mask damAlignment(Inputs in) {
        int k = in.nextInput();
        Image defective = in.defectives.get(k % in.defectives.size());
        CrossCorrelationAligner.Alignment a = in.aligner.align(in.normals.get(k % in.normals.size()), defective);
        CrossCorrelationAligner.shift(defective, a);
        return CrossCorrelationAligner.shift(in.masks.get(k % in.masks.size()), a);
    }

    /** Table VI "Mask creat. and augm." for one attempt: region, new mask, histogram matching and patch replacement. */
    @Benchmark
    public Image damMaskCreation(Inputs in) {
        int k = in.nextInput();
        MaskAugmenter aug = in.augmenters[k];
        MaskAugmenter.Region region = aug.defectiveRegion(in.masks.get(k % in.masks.size()));
        Mask m = aug.augment(region, new SeededRandom(k)).mask();
        return PatchReplacer.replace(in.normals.get(k % in.normals.size()), in.aligned[k], m, 0, 0, true);
    }

    /** Table VI "Data qual. assess." for one attempt, incremental: SSIM to 33 references over the windows the mask touches. */
    @Benchmark
    public QualityCheck.Score damQualityTry(Inputs in) {
        int k = in.nextInput();
        return in.sessions[k].score(in.candidates[k], in.candidateMasks[k]);
    }

    /** Eq. 4 for one attempt with full SSIM to every reference (what the incremental check saves). */
    @Benchmark
    public QualityCheck.Score damQualityFull(Inputs in) {
        return in.dam.qualityCheck().score(in.candidates[in.nextInput()]);
    }

    /** Table VI "Total": one novel sample with all its attempts (superpixels already extracted). */
    @Benchmark
    public DamSample damSample(Inputs in) {
        return in.dam.sample(in.nextInput());
    }
}
