package org.dadda.federated.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.node.LabelledPair;
import org.junit.jupiter.api.Test;

/** The baselines are fair: every variant holds the real training defects, and the others add equal counts. */
class TrainingSetsTest {
    private static final List<String> TYPES = List.of("crack", "hole");

    private static Map<String, List<LabelledPair>> pairs(String prefix, int perType) {
        Map<String, List<LabelledPair>> out = new LinkedHashMap<>();
        for (String t : TYPES) {
            List<LabelledPair> l = new ArrayList<>();
            for (int i = 0; i < perType; i++) {
                l.add(new LabelledPair(t, prefix + "-" + t + "-" + i, Image.zeros(3, 4, 4), Mask.empty(4, 4)));
            }
            out.put(t, l);
        }
        return out;
    }

    private static TrainingSets sets(int real, int dam, int synth, int added) {
        List<CategoryData.Sample> normals = List.of(new CategoryData.Sample(Path.of("good.png"), "good", Image.zeros(3, 4, 4), null));
        return new TrainingSets(TYPES, pairs("real", real), pairs("dam", dam), pairs("synth", synth), normals, added);
    }

    private static long count(List<LabelledPair> l, String prefix, String type) {
        return l.stream().filter(p -> p.name().startsWith(prefix + "-" + type)).count();
    }

    @Test
    void everyVariantHoldsTheRealTrainingImages() {
        TrainingSets s = sets(3, 10, 8, 6);
        for (Variant v : Variant.values()) {
            List<LabelledPair> d = s.defective(v);
            for (String t : TYPES) {
                assertEquals(3, count(d, "real", t), v + " must hold every real " + t + " sample");
            }
            TrainingSets.Segmentation seg = s.detector(v);
            assertEquals(1 + d.size(), seg.images().size(), v + ": the detector also gets the normal images");
        }
    }

    @Test
    void addedCountsPerTypeAreEqualAcrossVariants() {
        TrainingSets s = sets(3, 10, 8, 6);
        for (String t : TYPES) {
            assertEquals(0, count(s.defective(Variant.REAL), "dam", t) + count(s.defective(Variant.REAL), "synth", t));
            assertEquals(6, count(s.defective(Variant.DAM), "dam", t));
            assertEquals(0, count(s.defective(Variant.DAM), "synth", t));
            assertEquals(6, count(s.defective(Variant.DADDA), "synth", t));
            assertEquals(0, count(s.defective(Variant.DADDA), "dam", t));
            assertEquals(3, count(s.defective(Variant.DADDA_DAM), "synth", t));
            assertEquals(3, count(s.defective(Variant.DADDA_DAM), "dam", t));
        }
        for (Variant v : List.of(Variant.DAM, Variant.DADDA, Variant.DADDA_DAM)) {
            assertEquals(2 * (3 + 6), s.defective(v).size(), v.id());
        }
    }

    @Test
    void tooFewSynthesizedSamplesIsAClearError() {
        TrainingSets s = sets(3, 10, 2, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.defective(Variant.DADDA));
        assertTrue(e.getMessage().contains("synthesized") && e.getMessage().contains("crack"), e.getMessage());
        assertEquals(18, s.defective(Variant.DAM).size(), "DAM does not need synthesis");
    }

    @Test
    void classifierLabelsFollowTheTypeOrder() {
        LabelledImages l = sets(1, 2, 2, 2).classifier(Variant.DADDA_DAM);
        assertEquals(6, l.size());
        assertEquals(2, l.classes());
    }

    @Test
    void repeatFoldersKeepTheFirstRepeatsName() {
        assertEquals("dadda", Variant.DADDA.folder(0));
        assertEquals("dadda-dam-r2", Variant.DADDA_DAM.folder(1));
        assertEquals(Variant.DADDA_DAM, Variant.of("dadda+dam"));
    }
}
