package org.dadda.federated.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.report.RunReport;
import org.dadda.federated.run.Files2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDownstreamTest {
    @TempDir
    Path tmp;

    @Test
    void realAndDamBaselinesTrainEvaluateAndReport() throws Exception {
        Path data = tmp.resolve("data");
        TinyDataset.write(data, "widget", 32, 6, 3, 6, 3);
        RunFolder run = RunFolder.create(tmp.resolve("run"), new RunConfig(TestProfiles.tiny(), 7, data));
        List<String> log = new ArrayList<>();
        Pipeline p = new Pipeline(run, log::add, false);
        p.augment("widget", "node1", null);
        List<Variant> vs = List.of(Variant.REAL, Variant.DAM);
        p.trainClassifiers("widget", "node1", null, vs);
        p.trainDetectors("widget", "node1", vs);
        Path metrics = p.evaluate("widget", "node1", vs);
        Map<?, ?> m = (Map<?, ?>) Files2.readJson(metrics);
        Map<?, ?> dam = (Map<?, ?>) ((Map<?, ?>) m.get("detectors")).get("dam");
        assertTrue(((Map<?, ?>) dam.get("detection")).get("auroc") instanceof Number);
        assertTrue(((Map<?, ?>) dam.get("localization")).get("aupro") instanceof Number);
        assertTrue(((Map<?, ?>) m.get("inference")).get("classifier") instanceof Map);
        p.fedavg("widget", "node1", GridSpec.parse("clients=nd-noniid,nd;b=8;e=1"), null, Variant.DAM);
        Path md = RunReport.write(p);
        String report = Files.readString(md);
        assertTrue(report.contains("Table I"), report);
        assertTrue(report.contains("| widget |"), report);
        String html = Files.readString(run.root().resolve("report.html"));
        assertTrue(html.contains("src=\"data:image/png;base64,") && !html.contains("src=\"figures/"), "the HTML report embeds its figures");
        assertTrue(Files.isRegularFile(run.figuresDir().resolve("widget-node1-samples.png")));
        assertTrue(Files.isRegularFile(run.figuresDir().resolve("widget-node1-pixel-roc.png")));
        assertTrue(Files.isRegularFile(run.figuresDir().resolve("widget-node1-fig7.png")));

        // A second pass skips every stage.
        log.clear();
        p.augment("widget", "node1", null);
        p.trainClassifiers("widget", "node1", null, vs);
        p.trainDetectors("widget", "node1", vs);
        p.evaluate("widget", "node1", vs);
        assertEquals(6, log.stream().filter(l -> l.contains("skipped")).count(), log.toString());
        assertFalse(log.stream().anyMatch(l -> l.contains("running")), log.toString());
    }
} 
