package org.dadda.federated.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dadda.federated.config.Profile;
import org.dadda.federated.downstream.ClassifierTask;
import org.dadda.federated.fedavg.FedAvgConfig;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.net.Endpoint;
import org.dadda.federated.net.FedAvgServer;
import org.dadda.federated.net.RoundRules;
import org.dadda.federated.run.LogSink;
import org.dadda.nn.models.ResNet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dadda server fedavg}: the server of one Table III cell trained by node processes. */
@Command(name = "fedavg", mixinStandardHelpOptions = true,
        description = {"FedAvg across processes: coordinate the rounds of one Table III cell (clients, B, E) while nodes running"
                + " dadda node fedavg --server train its clients. Each round the selected clients are dealt to the joined nodes,"
                + " every node gets the global weights, and the updates that arrive before the round's deadline are averaged by"
                + " sample count; a client that misses it is dropped from the round. Every completed round's weights are kept in"
                + " --state, from which the same command resumes after a restart. Exits when the last round is done.",
            "Example: dadda server fedavg --state fedavg-state --classes 3 --clients nd --batch 8 --epochs 1 --nodes 2"
                + " --listen 0.0.0.0:7444 --tls pki --tls-name server"})
final class ServerFedAvgCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:7444",
            description = "Address and port to listen on (default: ${DEFAULT-VALUE}).")
    String listen;
    @Mixin
    ServerTlsOptions tls;
    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "Where the server keeps the job and every completed round's global weights (resumed from on restart).")
    Path state;
    @Option(names = "--profile", paramLabel = "quick|standard|cpu|paper", defaultValue = "quick",
            description = "The classifier's shape and the default rounds: the nodes' run folders' profile (default: ${DEFAULT-VALUE}).")
    String profile;
    @Option(names = "--classes", paramLabel = "N_d", required = true, description = "Defect types of the category (the classifier's classes).")
    int classes;
    @Option(names = "--clients", paramLabel = "nd-noniid|nd|N", defaultValue = "nd",
            description = "The Table III client row: one client per defect type with label-wise shards (nd-noniid), N_d IID"
                    + " clients (nd), or N IID clients (default: ${DEFAULT-VALUE}).")
    String clients;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "8", description = "Local batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--epochs", paramLabel = "E", defaultValue = "1", description = "Local epochs per round (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--rounds", paramLabel = "R", description = "Communication rounds (default: the profile's).")
    Integer rounds;
    @Option(names = "--fraction", paramLabel = "C", defaultValue = "1.0",
            description = "Fraction of clients selected per round (default: ${DEFAULT-VALUE}).")
    double fraction;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the initial weights, the shards, client selection and local training: the nodes' run seed gives"
                    + " the in-process grid's cell (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--init", paramLabel = "FILE.safetensors", description = "Pre-trained torchvision ResNet weights (default: scratch).")
    Path init;
    @Option(names = "--job", paramLabel = "NAME", defaultValue = "fedavg",
            description = "The job's name, which the nodes give with --job (default: ${DEFAULT-VALUE}).")
    String job;
    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "A round starts once N nodes have joined (default: ${DEFAULT-VALUE}) ...")
    int nodes;
    @Option(names = "--join-wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "... or, with at least one joined, after waiting this long for the rest (default: ${DEFAULT-VALUE}).")
    long joinWait;
    @Option(names = "--round-deadline", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Updates must arrive this long after a round starts; later ones are refused (default: ${DEFAULT-VALUE}).")
    long deadline;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Profile p = Profile.named(profile);
        GridSpec.ClientSetting row = GridSpec.parse("clients=" + clients + ";b=" + batch + ";e=" + epochs).clientSettings().get(0);
        FedAvgJob j = new FedAvgJob(job, row.count(classes), row.iid(),
                new FedAvgConfig(rounds == null ? p.fedRounds() : rounds, epochs, batch, fraction, seed, 0));
        RoundRules rules = new RoundRules(nodes, Duration.ofSeconds(joinWait), Duration.ofSeconds(deadline), 1L << 30);
        Path initFile = TrainCommand.init(init);
        var out = spec.commandLine().getOut();
        try (FedAvgServer s = FedAvgServer.start(Endpoint.parse(listen), tls.identity(spec), j, rules, state,
                LogSink.of(FedAvgServer.class))) {
            out.println("coordinating FedAvg job " + j + " on port " + s.port() + " (" + tls.describe() + ")");
            out.flush();
            ResNet global = ClassifierTask.model(p, classes, seed, initFile);
            s.run(global, null);
            out.println("finished: the final global weights are " + s.weightsAfter(j.config().rounds()));
        }
        return 0;
    }
}
