package org.dadda.federated.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.Module;

/**
 * A FedAvg server or node of {@link BlobTask} as a process of its own, for the tests that need
 * real JVMs (a node killed with {@code kill -9}, a server and two nodes over mutual TLS).
 *
 * <pre>
 * server PKI_DIR STATE_DIR CLIENTS ROUNDS EPOCHS SEED DEADLINE_MS
 * node   PORT PKI_DIR NAME FINAL_WEIGHTS_FILE SLOW_MS
 * </pre>
 * The server prints {@code listening on port N}, then runs the job and exits; a node prints
 * {@code accuracy ROUNDS VALUE} for every global model it receives and writes the final weights.
 */
public final class FedAvgProcess {
    private FedAvgProcess() {
    }

    /** Runs a server or a node; see the class comment. */
    public static void main(String[] args) throws Exception {
        Path pki = Path.of(args[args[0].equals("server") ? 1 : 2]);
        if (args[0].equals("server")) {
            FedAvgJob job = BlobTask.job(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Long.parseLong(args[6]));
            RoundRules rules = RoundRules.of(2, Duration.ofMillis(Long.parseLong(args[7])));
            try (FedAvgServer s = FedAvgServer.start(new Endpoint("127.0.0.1", 0), TlsIdentity.in(pki, "server"), job, rules,
                    Path.of(args[2]), line -> System.err.println(line))) {
                System.out.println("listening on port " + s.port());
                System.out.flush();
                Module global = BlobTask.model(job.config().seed());
                s.run(global, null);
            }
            return;
        }
        String name = args[3];
        long slow = Long.parseLong(args[5]);
        try (FedAvgNode node = new FedAvgNode(new Endpoint("127.0.0.1", Integer.parseInt(args[1])), TlsIdentity.in(pki, name), name,
                Duration.ofSeconds(30), line -> System.err.println(line))) {
            var last = node.run("blobs", job -> BlobTask.clients(job, slow), (rounds, state) -> {
                System.out.println("accuracy " + rounds + " " + BlobTask.accuracy(state));
                System.out.flush();
            });
            WeightsIo.save(Path.of(args[4]), last, java.util.Map.of());
        }
        System.out.println("done " + List.of(name));
    }
}
