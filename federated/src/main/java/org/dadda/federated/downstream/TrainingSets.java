package org.dadda.federated.downstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.node.LabelledPair;

/**
 * Assembles the downstream training and test sets of a node from its acquired samples, its DAM
 * samples and its synthesized samples.
 */
public final class TrainingSets {
    /** Images with masks (normal images carry empty masks): a detector's training or test set. */
    public record Segmentation(List<Image> images, List<Mask> masks) {
        /** Checks the lengths. */
        public Segmentation {
            images = List.copyOf(images);
            masks = List.copyOf(masks);
            if (images.size() != masks.size()) {
                throw new IllegalArgumentException(images.size() + " images but " + masks.size() + " masks");
            }
        }

        /** Whether image {@code i} is defective (its mask is not empty). */
        public boolean defective(int i) {
            return !masks.get(i).isEmpty();
        }
    }

    private final List<String> types;
    private final Map<String, List<LabelledPair>> acquired;
    private final Map<String, List<LabelledPair>> dam;
    private final Map<String, List<LabelledPair>> synthesized;
    private final List<CategoryData.Sample> normals;
    private final int addedPerType;

    /**
     * @param types defect types, in class-label order
     * @param acquired the node's defective training samples by type
     * @param dam DAM samples by type
     * @param synthesized synthesized samples by type (may be empty before stage 3)
     * @param normals the node's normal training images
     * @param addedPerType samples every variant but the real one adds per defect type (the
     *     profile's smaller of DAM and synthesized samples per type)
     */
    public TrainingSets(List<String> types, Map<String, List<LabelledPair>> acquired, Map<String, List<LabelledPair>> dam,
                        Map<String, List<LabelledPair>> synthesized, List<CategoryData.Sample> normals, int addedPerType) {
        if (addedPerType < 1) {
            throw new IllegalArgumentException("addedPerType must be at least 1, got " + addedPerType);
        }
        this.types = List.copyOf(types);
        this.acquired = acquired;
        this.dam = dam;
        this.synthesized = synthesized;
        this.normals = normals;
        this.addedPerType = addedPerType;
    }

    /** Samples each variant but the real one adds per defect type. */
    public int addedPerType() {
        return addedPerType;
    }

    /**
     * The defective samples a variant trains on: the real ones of every type, then the added ones
     * (the first {@link #addedPerType} of DAM or synthesized samples in name order; for
     * {@link Variant#DADDA_DAM} the first half synthesized, the rest DAM).
     *
     * @throws IllegalArgumentException when a type has fewer samples than the variant adds
     */
    public List<LabelledPair> defective(Variant v) {
        List<LabelledPair> out = new ArrayList<>();
        for (String t : types) {
            out.addAll(acquired.getOrDefault(t, List.of()));
            int synth = switch (v) {
                case REAL, DAM -> 0;
                case DADDA -> addedPerType;
                case DADDA_DAM -> (addedPerType + 1) / 2;
            };
            int fromDam = v == Variant.REAL ? 0 : addedPerType - synth;
            out.addAll(first(synthesized, t, synth, v, "synthesized", "run stage 3 synthesis first"));
            out.addAll(first(dam, t, fromDam, v, "DAM", "run stage 1 first"));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no defective samples for the " + v.id() + " training set");
        }
        return out;
    }

    private static List<LabelledPair> first(Map<String, List<LabelledPair>> byType, String type, int n, Variant v, String what,
                                            String hint) {
        if (n == 0) {
            return List.of();
        }
        List<LabelledPair> all = byType.getOrDefault(type, List.of());
        if (all.size() < n) {
            throw new IllegalArgumentException("the " + v.id() + " training set adds " + n + " " + what + " samples of type '"
                    + type + "', but there are " + all.size() + " (" + hint + ")");
        }
        return all.subList(0, n);
    }

    /** F_cls's training set of a variant: defective images labelled by type. */
    public LabelledImages classifier(Variant v) {
        return labelled(defective(v), types);
    }

    /** F_det/loc's training set of a variant: the normal images and the variant's defective images. */
    public Segmentation detector(Variant v) {
        List<Image> im = new ArrayList<>();
        List<Mask> m = new ArrayList<>();
        for (CategoryData.Sample s : normals) {
            im.add(s.image());
            m.add(Mask.empty(s.image().height(), s.image().width()));
        }
        for (LabelledPair p : defective(v)) {
            im.add(p.image());
            m.add(p.mask());
        }
        return new Segmentation(im, m);
    }

    /** Defective samples as a labelled set with labels by position in {@code types}. */
    public static LabelledImages labelled(List<LabelledPair> pairs, List<String> types) {
        List<Image> im = new ArrayList<>();
        int[] labels = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            int l = types.indexOf(pairs.get(i).type());
            if (l < 0) {
                throw new IllegalArgumentException("sample " + pairs.get(i).name() + " has unknown defect type " + pairs.get(i).type());
            }
            labels[i] = l;
            im.add(pairs.get(i).image());
        }
        return new LabelledImages(im, labels, types);
    }

    /** The classification test set: every defective test image, labelled by type. */
    public static LabelledImages classifierTest(Map<String, List<LabelledPair>> testDefective, List<String> types) {
        List<LabelledPair> all = new ArrayList<>();
        for (String t : types) {
            all.addAll(testDefective.getOrDefault(t, List.of()));
        }
        return labelled(all, types);
    }

    /** The detection test set: normal test images (empty masks) then every defective test image. */
    public static Segmentation detectorTest(List<CategoryData.Sample> testGood, Map<String, List<LabelledPair>> testDefective,
                                            List<String> types) {
        List<Image> im = new ArrayList<>();
        List<Mask> m = new ArrayList<>();
        for (CategoryData.Sample s : testGood) {
            im.add(s.image());
            m.add(Mask.empty(s.image().height(), s.image().width()));
        }
        for (String t : types) {
            for (LabelledPair p : testDefective.getOrDefault(t, List.of())) {
                im.add(p.image());
                m.add(p.mask());
            }
        }
        return new Segmentation(im, m);
    }
}
