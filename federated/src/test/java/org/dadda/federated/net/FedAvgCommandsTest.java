package org.dadda.federated.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.cli.DaddaCommand;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.downstream.ClassifierTask;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.FedAvg;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.fedavg.LocalClients;
import org.dadda.federated.pipeline.NodeInputs;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dadda server fedavg} and {@code dadda node fedavg} as two processes over mutual TLS run
 * one Table III cell on a node's stage-1 data: the node's accuracy after every round equals the
 * in-process grid's ({@code dadda fedavg}) for the same cell, and its final weights equal an
 * in-process FedAvg of the same task.
 */
class FedAvgCommandsTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void serverAndNodeCommandsGiveTheInProcessCell() throws Exception {
        Path data = tmp.resolve("data");
        TinyDataset.write(data, "widget", 32, 6, 3, 6, 3);
        RunFolder run = RunFolder.create(tmp.resolve("run"), new RunConfig(TestProfiles.tiny(), 7, data));
        List<String> log = new ArrayList<>();
        Pipeline p = new Pipeline(run, log::add, false);
        p.augment("widget", "plant-a", null);
        Map<?, ?> table = (Map<?, ?>) Files2.readJson(p.fedavg("widget", "plant-a", GridSpec.parse("clients=nd;b=8;e=1"), null,
                Variant.REAL));
        int classes = ((Number) table.get("defect_types")).intValue();
        Map<?, ?> cell = (Map<?, ?>) ((List<?>) table.get("rows")).stream().filter(r -> !Boolean.TRUE.equals(((Map<?, ?>) r).get("centralized")))
                .findFirst().orElseThrow();
        List<?> expectedAccuracy = (List<?>) cell.get("accuracy_per_round");
        assertEquals(TestProfiles.tiny().fedRounds(), expectedAccuracy.size());

        // The same cell in this process, for the weights (the grid keeps only accuracies).
        NodeInputs in = NodeInputs.load(p.node("widget", "plant-a", null), run.stage1Dir("plant-a", "widget"),
                run.synthesisDir("plant-a", "widget"));
        ClassifierTask task = new ClassifierTask(run.profile(), in.sets().classifier(Variant.REAL), in.classifierTest(), null);
        FedAvgJob job = new FedAvgJob("fedavg", classes, true, org.dadda.federated.fedavg.FedAvgConfig.of(run.profile().fedRounds(), 1, 8, 7));
        Module reference = task.newModel(7);
        try (LocalClients clients = new LocalClients(job.shards(task.trainLabels(), classes), job.config(), () -> task.newModel(7),
                task.trainer(), log::add)) {
            new FedAvg(job.config()).log(log::add).run(reference, clients, 0, null);
        }

        Path pki = tmp.resolve("pki");
        Pki.initCa(pki, "test-ca", 1);
        Pki.issue(pki, "server", Pki.Role.SERVER, List.of("127.0.0.1"), 1);
        Pki.issue(pki, "plant-a", Pki.Role.NODE, List.of(), 1);
        try (JvmProcess server = new JvmProcess("server", DaddaCommand.class, "server", "fedavg", "--listen", "127.0.0.1:0", "--tls",
                pki.toString(), "--state", tmp.resolve("state").toString(), "--profile", "quick", "--classes", Integer.toString(classes),
                "--clients", "nd", "--batch", "8", "--epochs", "1", "--rounds", Integer.toString(run.profile().fedRounds()), "--seed", "7")) {
            String port = server.await(Pattern.compile("on port (\\d+)"), 60);
            try (JvmProcess node = new JvmProcess("node", DaddaCommand.class, "node", "fedavg", "--out", run.root().toString(),
                    "--category", "widget", "--node", "plant-a", "--variant", "real", "--server", "127.0.0.1:" + port, "--tls",
                    pki.toString(), "--tls-name", "plant-a", "--quiet")) {
                node.awaitSuccess(240);
                server.awaitSuccess(60);
                assertTrue(server.output().contains("finished"), server.output());
            }
        }
        Path dir = run.nodeDir("plant-a", "widget").resolve("fedavg-network");
        Map<?, ?> result = (Map<?, ?>) Files2.readJson(dir.resolve("fedavg.json"));
        Map<?, ?> accuracy = (Map<?, ?>) result.get("accuracy_after_round");
        for (int r = 1; r <= expectedAccuracy.size(); r++) {
            assertEquals(((Number) expectedAccuracy.get(r - 1)).doubleValue(), ((Number) accuracy.get(Integer.toString(r))).doubleValue(),
                    "accuracy after round " + r + ": " + result);
        }
        assertEquals(BlobTask.digest(reference.stateDict()), BlobTask.digest(WeightsIo.load(dir.resolve("fedavg.safetensors"))),
                "the node's final global weights");
    }
}
