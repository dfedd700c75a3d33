package org.dadda.federated.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.dadda.federated.downstream.ClassifierTask;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.LocalClients;
import org.dadda.federated.fedavg.Table3;
import org.dadda.federated.net.Endpoint;
import org.dadda.federated.net.FedAvgNode;
import org.dadda.federated.pipeline.NodeInputs;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.Module;
import org.dadda.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dadda node fedavg}: a node training the clients a FedAvg server deals it. */
@Command(name = "fedavg", mixinStandardHelpOptions = true,
        description = {"FedAvg across processes, on a node: join the job of a server running dadda server fedavg, train the"
                + " clients it deals this node each round on the node's stage-3 training set (the same shards and local updates as"
                + " dadda fedavg in one process), send their updates, and evaluate every global model on the node's test split."
                + " Writes RUN/nodes/NODE/CATEGORY/fedavg-network/JOB.json (test accuracy after every round, U-Pro, F-Pro) and the"
                + " final global weights JOB.safetensors.",
            "Example: dadda node fedavg --out RUN --category C --node plant-a --server server.example.org:7444 --tls pki"
                + " --tls-name plant-a"})
final class NodeFedAvgCommand extends CategoryCommand {
    /** Folder under the node's category folder holding the networked runs' results. */
    static final String FOLDER = "fedavg-network";

    @Mixin
    ExchangeOptions server;
    @Option(names = "--job", paramLabel = "NAME", defaultValue = "fedavg", description = "The server's job (default: ${DEFAULT-VALUE}).")
    String job;
    @Option(names = "--variant", paramLabel = "real|dam|dadda", defaultValue = "dadda",
            description = "Training set of the clients (default: ${DEFAULT-VALUE}).")
    String variant;
    @Option(names = "--init", paramLabel = "FILE.safetensors",
            description = "Pre-trained weights, as given to the server (default: scratch).")
    Path init;
    @Option(names = "--reconnect", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to keep joining again while the server is away, e.g. restarting (default: ${DEFAULT-VALUE}).")
    long reconnect;

    @Override
    void each(Pipeline p, String category) {
        if (server.server == null || server.exchange != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "dadda node fedavg needs --server HOST:PORT (and no --exchange)");
        }
        RunFolder run = p.run();
        String id = node.node;
        NodeInputs in = NodeInputs.load(p.node(category, id, null), run.stage1Dir(id, category), run.synthesisDir(id, category));
        ClassifierTask task = new ClassifierTask(run.profile(), in.sets().classifier(Variant.of(variant)), in.classifierTest(),
                TrainCommand.init(init));
        Map<Integer, Double> accuracy = new TreeMap<>();
        Map<String, Tensor> last;
        try (FedAvgNode n = new FedAvgNode(Endpoint.parse(server.server), server.identity("--server"), id,
                Duration.ofSeconds(reconnect), p.log())) {
            last = n.run(job, j -> new LocalClients(j.shards(task.trainLabels(), task.classes()), j.config(),
                    () -> task.newModel(j.config().seed()), task.trainer(), p.log()), (rounds, state) -> {
                        if (rounds > 0) {
                            Module m = task.newModel(0);
                            m.loadStateDict(state, true);
                            accuracy.put(rounds, Table3.accuracy(task.testProbabilities(m), task.testLabels()));
                        }
                    });
        }
        Path dir = run.nodeDir(id, category).resolve(FOLDER);
        WeightsIo.save(dir.resolve(job + ".safetensors"), last, Map.of("job", job, "server", server.server));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("job", job);
        j.put("server", server.server);
        j.put("variant", variant);
        Map<String, Object> perRound = new LinkedHashMap<>();
        accuracy.forEach((r, a) -> perRound.put(Integer.toString(r), a));
        j.put("accuracy_after_round", perRound);
        j.put("u_pro", accuracy.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        j.put("f_pro", accuracy.isEmpty() ? Double.NaN : ((TreeMap<Integer, Double>) accuracy).lastEntry().getValue());
        Files2.writeJson(dir.resolve(job + ".json"), j);
        spec.commandLine().getOut().println(dir.resolve(job + ".json"));
    }
}
