package org.dadda.augment.dam;

import org.dadda.augment.data.CategoryKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.image.Mask;
import org.dadda.augment.ops.CrossCorrelationAligner;
import org.dadda.augment.ops.QuickShift;
import org.dadda.augment.ops.SuperpixelGraph;
import org.dadda.augment.util.SeededRandom;
import org.dadda.augment.util.Seeds;
import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.util.ProgressBar;

/**
 * The Data Augmentation Module (paper, Sec. III-A, Algorithm 1) for one defect type of one category.
 *
 * <p>Sample {@code i}, seeded by (config seed, defect type, i): pick a normal image and a
 * defective training image with its mask at random; take the normal image's quick shift
 * superpixels (computed once per normal image and shared); for objects, align the defective
 * image and mask to the normal image by cross-correlation; find the defective region (superpixels
 * the mask touches, grown by their neighbours, bounded as {@link MaskAugmenter} explains); then, up to {@code maxTries} times: draw a new
 * mask (random target superpixel plus the nearest fraction p of the region, smoothed), for
 * textures a random offset too, match the patch histograms, paste the patch into the normal
 * image, and keep the result when eq. 4 holds; after the last try the last result is kept. The
 * sample's mask is the augmented mask (the paper) or, with {@link DamLabel#DEFECT}, the defect
 * pixels the pasted patch carries (an attempt carrying none does not pass).
 *
 * <p>The alignment does not depend on the try, so it is done once per sample. Every random
 * choice of a sample comes from its own generator, so {@link #generate} gives the same samples
 * whatever the number of threads.
 */
public final class DataAugmentationModule {

    /** Receives samples as they are made; called from worker threads, so it must be thread-safe. */
    @FunctionalInterface
    public interface SampleSink {
        /** Takes one finished sample. */
        void accept(DamSample sample);
    }

    private final DamConfig config;
    private final String defectType;
    private final List<Image> normals;
    private final List<Image> defectives;
    private final List<Mask> masks;
    private final int[] usable;
    private final QualityCheck quality;
    private final QuickShift quickShift;
    private final CrossCorrelationAligner aligner;
    private final SuperpixelGraph[] graphs;
    private final Object[] graphLocks;

    /**
     * @param config settings
     * @param defectType name of the defect type (part of every sample's seed)
     * @param normals normal training images, all of one shape
     * @param defectives defective training images of this type, same shape
     * @param masks their masks, same order and size
     * @throws IllegalArgumentException if a list is empty, shapes differ, or every mask is empty
     */
    public DataAugmentationModule(DamConfig config, String defectType, List<Image> normals, List<Image> defectives, List<Mask> masks) {
        if (normals.isEmpty()) {
            throw new IllegalArgumentException("DAM for '" + defectType + "': no normal images");
        }
        if (defectives.isEmpty()) {
            throw new IllegalArgumentException("DAM for '" + defectType + "': no defective training images");
        }
        if (defectives.size() != masks.size()) {
            throw new IllegalArgumentException("DAM for '" + defectType + "': " + defectives.size() + " defective images but " + masks.size() + " masks");
        }
        Image first = normals.get(0).toRgb();
        List<Image> n = new ArrayList<>();
        for (Image im : normals) {
            Image rgb = im.toRgb();
            first.requireSameShape(rgb, "DAM for '" + defectType + "', normal images");
            n.add(rgb);
        }
        List<Image> d = new ArrayList<>();
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < defectives.size(); i++) {
            Image rgb = defectives.get(i).toRgb();
            first.requireSameShape(rgb, "DAM for '" + defectType + "', defective image " + i);
            Mask m = masks.get(i);
            if (m.height() != rgb.height() || m.width() != rgb.width()) {
                throw new IllegalArgumentException("DAM for '" + defectType + "': mask " + i + " is " + m.width() + "x" + m.height()
                    + ", its image " + rgb.width() + "x" + rgb.height());
            }
            d.add(rgb);
            if (!m.isEmpty()) {
                ok.add(i);
            }
        }
        if (ok.isEmpty()) {
            throw new IllegalArgumentException("DAM for '" + defectType + "': every defect mask is empty");
        }
        this.config = config;
        this.defectType = defectType;
        this.normals = List.copyOf(n);
        this.defectives = List.copyOf(d);
        this.masks = List.copyOf(masks);
        this.usable = ok.stream().mapToInt(Integer::intValue).toArray();
        this.quickShift = new QuickShift(config.superpixels());
        this.aligner = new CrossCorrelationAligner(config.cropFraction());
        this.graphs = new SuperpixelGraph[n.size()];
        this.graphLocks = new Object[n.size()];
        for (int i = 0; i < graphLocks.length; i++) {
            graphLocks[i] = new Object();
        }
        this.quality = new QualityCheck(references(this.defectives, "defective"), references(this.normals, "normal"));
    }

    private List<Image> references(List<Image> all, String which) {
        int max = config.maxQualityReferences();
        if (max == 0 || all.size() <= max) {
            return all;
        }
        int[] idx = new int[all.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SeededRandom r = new SeededRandom(Seeds.derive(config.seed(), "quality-references", defectType, which));
        for (int i = idx.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] pick = Arrays.copyOf(idx, max);
        Arrays.sort(pick);
        List<Image> out = new ArrayList<>();
        for (int i : pick) {
            out.add(all.get(i));
        }
        return out;
    }

    /** The settings. */
    public DamConfig config() {
        return config;
    }

    /** The defect type. */
    public String defectType() {
        return defectType;
    }

    /** The eq. 4 check in use. */
    public QualityCheck qualityCheck() {
        return quality;
    }

    /** Superpixels of normal image {@code i}, computed on first use and then shared. */
    public SuperpixelGraph superpixels(int normalIndex) {
        synchronized (graphLocks[normalIndex]) {
            if (graphs[normalIndex] == null) {
                graphs[normalIndex] = new SuperpixelGraph(quickShift.segment(normals.get(normalIndex)));
            }
            return graphs[normalIndex];
        }
    }

    /** Sample {@code index} of this defect type, without intermediates. */
    public DamSample sample(int index) {
        return sample(index, false);
    }

    /**
     * Sample {@code index} of this defect type; the same index (and seed) always gives the same sample.
     *
     * @param trace whether to keep the intermediates (for Fig. 3 pictures)
     */
    public DamSample sample(int index, boolean trace) {
        long t0 = System.nanoTime();
        SeededRandom rng = new SeededRandom(Seeds.derive(config.seed(), defectType, index));
        int ni = rng.nextInt(normals.size());
        int di = usable[rng.nextInt(usable.length)];
        Image normal = normals.get(ni);
        Image defective = defectives.get(di);
        Mask gt = masks.get(di);

        long ts = System.nanoTime();
        boolean cached;
        synchronized (graphLocks[ni]) {
            cached = graphs[ni] != null;
        }
        SuperpixelGraph graph = superpixels(ni);
        long superpixelNanos = cached ? 0 : System.nanoTime() - ts;

        long ta = System.nanoTime();
        CrossCorrelationAligner.Alignment alignment = new CrossCorrelationAligner.Alignment(0, 0, 1);
        Image aligned = defective;
        Mask alignedMask = gt;
        if (config.kind() == CategoryKind.OBJECT) {
            CrossCorrelationAligner.Alignment a = aligner.align(normal, defective);
            Mask m = CrossCorrelationAligner.shift(gt, a);
            // A shift that pushes the whole defect out of frame would leave nothing to transfer.
            if (!m.isEmpty()) {
                alignment = a;
                aligned = CrossCorrelationAligner.shift(defective, a);
                alignedMask = m;
            }
        }
        long alignNanos = config.kind() == CategoryKind.OBJECT ? System.nanoTime() - ta : 0;

        long tm = System.nanoTime();
        MaskAugmenter augmenter = new MaskAugmenter(graph, config.pMin(), config.pMax(), config.maskSmoothingSigma(),
            config.maskMarginPixels(normal.height(), normal.width()));
        MaskAugmenter.Region region = augmenter.defectiveRegion(alignedMask);
        long maskNanos = System.nanoTime() - tm;
        long tq0 = System.nanoTime();
        QualityCheck.Session session = quality.session(normal);
        long qualityNanos = System.nanoTime() - tq0;

        Image novel = null;
        Mask newMask = null;
        Mask sourceMask = null;
        Mask label = null;
        QualityCheck.Score score = null;
        int oy = 0;
        int ox = 0;
        int tries = 0;
        boolean accepted = false;
        while (tries < config.maxTries() && !accepted) {
            tries++;
            tm = System.nanoTime();
            MaskAugmenter.Augmented aug = augmenter.augment(region, rng);
            sourceMask = aug.mask();
            oy = 0;
            ox = 0;
            if (config.kind() == CategoryKind.TEXTURE) {
                int[] bb = sourceMask.boundingBox();
                oy = rng.nextIntInclusive(-bb[0], sourceMask.height() - 1 - bb[2]);
                ox = rng.nextIntInclusive(-bb[1], sourceMask.width() - 1 - bb[3]);
            }
            newMask = oy == 0 && ox == 0 ? sourceMask : sourceMask.shifted(oy, ox);
            novel = PatchReplacer.replace(normal, aligned, sourceMask, oy, ox, config.matchHistograms());
            Mask carried = null;
            if (config.label() == DamLabel.DEFECT) {
                carried = alignedMask.and(sourceMask);
                carried = oy == 0 && ox == 0 ? carried : carried.shifted(oy, ox);
            }
            maskNanos += System.nanoTime() - tm;

            long tq = System.nanoTime();
            score = session.score(novel, newMask);
            // A label equal to a real training mask (the whole defect pasted in place) would send a
            // real mask to the server as if it were an augmented one: such an attempt does not pass.
            boolean carriesDefect = carried == null || !carried.isEmpty() && !masks.contains(carried);
            accepted = score.accepted() && carriesDefect;
            qualityNanos += System.nanoTime() - tq;
            label = carried;
        }
        if (label == null || label.isEmpty() || masks.contains(label)) {
            // The paper's label, or (rare) no attempt gave a defect label that is neither empty nor
            // a real mask: the region is then the label.
            label = newMask;
        }
        long total = System.nanoTime() - t0;
        DamTrace tr = null;
        if (trace) {
            LabelMap sp = graph.labels();
            tr = new DamTrace(normal, defective, gt, sp, alignment, aligned, alignedMask, region.pixels(graph), sourceMask, oy, ox);
        }
        return new DamSample(defectType, index, novel, label, ni, di, tries, accepted, score,
            new StepTimes(superpixelNanos, alignNanos, maskNanos, qualityNanos, total), tr);
    }

    /** Makes samples {@code 0 .. count-1} in parallel and returns them in index order. */
    public List<DamSample> generate(int count, ProgressBar progress) {
        DamSample[] out = new DamSample[count];
        generate(count, s -> out[s.index()] = s, progress);
        return Arrays.asList(out);
    }

    /**
     * Makes samples {@code 0 .. count-1} on the worker pool, handing each to {@code sink} as it is
     * finished (in no particular order); workers take the next index when free, so slow samples
     * do not hold up the others.
     */
    public void generate(int count, SampleSink sink, ProgressBar progress) {
        if (count < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + count);
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(Parallel.threads(), count));
        Parallel.forEach(workers, w -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                sink.accept(sample(i));
                progress.step();
            }
        });
    }
}
