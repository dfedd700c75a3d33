package org.dadda.federated.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.node.LabelledPair;
import org.dadda.federated.report.render.Document;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityReportTest {
    @TempDir
    Path dir;

    /** Textures with the mask region set to 1: the "detector" below finds it exactly. */
    private static List<LabelledPair> pairs(String type, int n, boolean emptyMasks, Rng rng) {
        List<LabelledPair> out = new ArrayList<>();
        List<Image> tex = Fixtures.textures(n, 3, 16, 0f, 0.8f, rng.fork(1));
        for (int i = 0; i < n; i++) {
            Mask m = Fixtures.disc(16, 5 + rng.nextInt(6), 5 + rng.nextInt(6), 2);
            Image im = tex.get(i);
            for (int p = 0; p < m.bits().length; p++) {
                if (m.bits()[p]) {
                    for (int c = 0; c < 3; c++) {
                        im.data()[c * 256 + p] = 1f;
                    }
                }
            }
            out.add(new LabelledPair(type, type + i, im, emptyMasks ? Mask.empty(16, 16) : m));
        }
        return out;
    }

    @Test
    void measuresWritesAndRendersPerType() throws IOException {
        Rng rng = new Rng(11);
        MaskFidelity.Maps bright = images -> {
            float[][] out = new float[images.size()][];
            for (int i = 0; i < out.length; i++) {
                float[] d = images.get(i).data();
                out[i] = new float[256];
                for (int p = 0; p < 256; p++) {
                    out[i][p] = d[p] >= 0.999f ? 1f : 0f;
                }
            }
            return out;
        };
        Map<String, QualityReport.TypeInputs> types = new LinkedHashMap<>();
        List<LabelledPair> realA = pairs("crack", 24, false, rng.fork(1));
        types.put("crack", new QualityReport.TypeInputs(pairs("crack", 24, false, rng.fork(2)),
                realA.stream().map(LabelledPair::image).toList(), realA.stream().map(LabelledPair::mask).toList(), realA));
        List<LabelledPair> realB = pairs("hole", 4, false, rng.fork(3));
        types.put("hole", new QualityReport.TypeInputs(pairs("hole", 12, true, rng.fork(4)),
                realB.stream().map(LabelledPair::image).toList(), realB.stream().map(LabelledPair::mask).toList(), realB));
        Path log = dir.resolve("loss.csv");
        Files.writeString(log, "step,loss,lr,grad_norm\n1,1.0,1e-4,1\n2,0.5,1e-4,1\n3,0.25,1e-4,1\n");
        QualityReport.Inputs in = new QualityReport.Inputs("bottle", "node-0",
                Fixtures.textures(30, 3, 16, 0f, 0.8f, rng.fork(5)), types, bright, "test oracle", Map.of("G_I", log));

        Map<String, Object> json = QualityReport.measure(in, 1, new TwoSampleTest.Budget(8, 16, 2e-3, 4));
        Path file = dir.resolve(QualityReport.FILE);
        Files2.writeJson(file, json);
        Map<?, ?> back = (Map<?, ?>) Files2.readJson(file);

        Map<?, ?> crack = (Map<?, ?>) ((Map<?, ?>) back.get("types")).get("crack");
        assertEquals(QualityReport.REFERENCE_DEFECTIVE, ((Map<?, ?>) crack.get("realism")).get("reference"));
        assertEquals(1.0, Jsons.get(crack, "fidelity", "synthesized", "auroc"), 1e-12);
        assertEquals(0.0, Jsons.get(crack, "plausibility", "failure_rate"), 1e-12);
        Map<?, ?> hole = (Map<?, ?>) ((Map<?, ?>) back.get("types")).get("hole");
        assertEquals(QualityReport.REFERENCE_NORMAL, ((Map<?, ?>) hole.get("realism")).get("reference"));
        assertEquals(1.0, Jsons.get(hole, "plausibility", "failure_rate"), 1e-12);
        assertEquals("not usable", ((Map<?, ?>) hole.get("verdict")).get("status"));

        Document doc = new Document("run");
        Path figures = dir.resolve("figures");
        org.dadda.federated.report.QualitySection.render(doc, Map.of("categories", List.of(back)), figures, "quality-");
        String md = doc.toMarkdown();
        assertTrue(md.contains("Synthesized-sample quality"), md);
        assertTrue(md.contains("The synthesized pairs of bottle/hole are not usable ("), md);
        assertTrue(md.contains("| crack |"), md);
        assertTrue(md.contains("figures/quality-bottle-node-0-loss.png"), md);
        assertTrue(Files.isRegularFile(figures.resolve("quality-bottle-node-0-loss.png")));
    }
}
