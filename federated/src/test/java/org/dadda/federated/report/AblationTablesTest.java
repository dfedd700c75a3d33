package org.dadda.federated.report;

import org.dadda.federated.report.render.Document;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.config.Profile;
import org.dadda.federated.config.ProfileOverrides;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.Files2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables IV and V appear when compared runs differ in what they ablate, with each run's D-ADDA row. */
class AblationTablesTest {
    @TempDir
    Path tmp;

    private RunFolder run(String name, Profile p, double fPro, double fidelity) {
        RunFolder r = RunFolder.create(tmp.resolve(name), new RunConfig(p, 0, tmp.resolve("data")));
        Files2.writeJson(r.evaluationDir("node1", "widget").resolve("metrics.json"), Map.of("repeats", 1,
                "classification", Map.of("dadda", Map.of("f_pro", fPro, "u_pro", fPro + 0.1)),
                "detectors", Map.of("dadda", Map.of("detection", Map.of("auroc", 0.9), "localization", Map.of("auroc", 0.8)))));
        Files2.writeJson(r.qualityDir("node1", "widget").resolve("quality.json"), Map.of("types", Map.of(
                "crack", Map.of("fidelity", Map.of("synthesized", Map.of("auroc", fidelity)), "realism", Map.of("accuracy", 0.6)),
                "hole", Map.of("fidelity", Map.of("synthesized", Map.of("auroc", fidelity + 0.05)), "realism", Map.of("accuracy", 0.7)))));
        return r;
    }

    @Test
    void tableFourListsEachConditioningAndTableFiveStaysOutWhenStepsAreEqual() {
        Profile base = TestProfiles.tiny();
        RunFolder both = run("both", new ProfileOverrides(null, "both", "both").apply(base), 0.5, 0.9);
        RunFolder defect = run("defect", new ProfileOverrides(null, "paper", "defect").apply(base), 0.4, 0.7);
        Document doc = new Document("t");
        AblationTables.write(doc, List.of(both, defect));
        String md = doc.toMarkdown();
        assertTrue(md.contains("Table IV"), md);
        assertTrue(md.contains("conditioning both, gates both") && md.contains("conditioning paper, gates defect"), md);
        assertTrue(md.contains("50.00") && md.contains("40.00"), "each run's F-Pro: " + md);
        assertTrue(md.contains("0.900") && md.contains("0.700"), "the worst type's mask fidelity: " + md);
        assertTrue(md.contains("0.70"), "the worst type's two-sample accuracy: " + md);
        assertFalse(md.contains("Table V"), "same diffusion steps: no Table V");
    }

    @Test
    void aGeneratorOnlyAblationGivesARowWithItsQualityFigures() {
        Profile base = TestProfiles.tiny();
        RunFolder both = run("both", new ProfileOverrides(null, "both", "both").apply(base), 0.5, 0.9);
        RunFolder spatial = RunFolder.create(tmp.resolve("spatial"),
                new RunConfig(new ProfileOverrides(null, "spatial", null).apply(base), 0, tmp.resolve("data")));
        Files2.writeJson(spatial.qualityDir("node1", "widget").resolve("quality.json"), Map.of("types", Map.of(
                "crack", Map.of("fidelity", Map.of("synthesized", Map.of("auroc", 0.66)), "realism", Map.of("accuracy", 0.8)))));
        Document doc = new Document("t");
        AblationTables.write(doc, List.of(both, spatial));
        String md = doc.toMarkdown();
        assertTrue(md.contains("| conditioning spatial | spatial | n/a"), md);
        assertTrue(md.contains("0.660"), md);
    }

    @Test
    void oneRunOrRunsOnOtherDataShowNoAblation() {
        RunFolder a = run("a", TestProfiles.tiny(), 0.5, 0.9);
        Document doc = new Document("t");
        AblationTables.write(doc, List.of(a));
        assertFalse(doc.toMarkdown().contains("Table IV"));
        RunFolder other = RunFolder.create(tmp.resolve("other"), new RunConfig(TestProfiles.tiny(), 0, tmp.resolve("elsewhere")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunReport(a, s -> { }, List.of(other)));
        assertTrue(e.getMessage().contains("same data"), e.getMessage());
    }
}
