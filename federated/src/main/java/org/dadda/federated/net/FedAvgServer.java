package org.dadda.federated.net;

import io.grpc.Server;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.dadda.federated.fedavg.FedAvg;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.RoundReport;
import org.dadda.federated.run.Files2;
import org.dadda.nn.Module;

/**
 * The server of FedAvg across processes ({@code dadda server fedavg}): it listens for nodes
 * ({@code fedavg.proto}, mutual TLS or plaintext on loopback), runs the rounds of one
 * {@link FedAvgJob} with the same round loop as the in-process FedAvg ({@link FedAvg}) but with
 * the clients training on the nodes ({@link RoundCoordinator}), and keeps every completed
 * round's weights in its state folder ({@link RoundStore}), from which a restarted server
 * resumes. Nodes connect to it; it never dials a node.
 */
public final class FedAvgServer implements AutoCloseable {
    private final Server server;
    private final RoundCoordinator rounds;
    private final Path stateDir;
    private final Consumer<String> log;

    private FedAvgServer(Server server, RoundCoordinator rounds, Path stateDir, Consumer<String> log) {
        this.server = server;
        this.rounds = rounds;
        this.stateDir = stateDir;
        this.log = log;
    }

    /**
     * Starts listening for the nodes of {@code job} on {@code listen}; {@link #run} runs the rounds.
     *
     * @param tls the server's identity, or null for plaintext (refused unless {@code listen} is a loopback address)
     * @param stateDir where completed rounds are kept (created if missing)
     */
    public static FedAvgServer start(Endpoint listen, TlsIdentity tls, FedAvgJob job, RoundRules rules, Path stateDir,
                                     Consumer<String> log) {
        Path scratch = stateDir.resolve(".scratch");
        // Files of a killed server's unfinished transfers are never read again.
        Files2.deleteRecursively(scratch);
        Files2.createDirectories(scratch);
        RoundCoordinator rounds = new RoundCoordinator(job, rules, scratch, log);
        int maxMessage = UploadLimits.defaults().maxMessageBytes();
        Server server = GrpcEndpoints.serve(listen, tls, maxMessage, List.of(new FedAvgService(rounds, tls == null, log).bindService()));
        return new FedAvgServer(server, rounds, stateDir, log);
    }

    /** The port the server listens on (the chosen one when started on port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * Runs the job's rounds, or the rounds after the last one the state folder holds, updating
     * {@code global} in place; at the end every node gets the final weights.
     *
     * @param global the initial global model (its weights are replaced by the saved ones when resuming)
     * @param listener called after every round, once its weights are kept; may be null
     * @return the reports of the rounds this call ran
     */
    public List<RoundReport> run(Module global, FedAvg.RoundListener listener) {
        FedAvgJob job = rounds.job();
        RoundStore store = RoundStore.open(stateDir, job, global, log);
        List<RoundReport> reports = new FedAvg(job.config()).log(log).run(global, rounds, store.completedRounds(), (r, g) -> {
            store.completed(r, g);
            if (listener != null) {
                listener.afterRound(r, g);
            }
        });
        rounds.finish(job.config().rounds(), global.stateDict());
        return reports;
    }

    /** The weights file the state folder keeps for the state after {@code completedRounds} rounds. */
    public Path weightsAfter(int completedRounds) {
        return stateDir.resolve(RoundStore.weightsFile(completedRounds));
    }

    /** Ends the nodes' streams and stops listening. */
    @Override
    public void close() {
        rounds.closeAll();
        GrpcEndpoints.stop(server);
    }
}
