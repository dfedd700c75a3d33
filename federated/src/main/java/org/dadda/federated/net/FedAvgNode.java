package org.dadda.federated.net;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dadda.federated.fedavg.ClientUpdate;
import org.dadda.federated.fedavg.FedAvgConfig;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.LocalClients;
import org.dadda.federated.fedavg.RoundResults;
import org.dadda.federated.net.proto.FedAvgRoundsGrpc;
import org.dadda.federated.net.proto.JobInfo;
import org.dadda.federated.net.proto.JoinRequest;
import org.dadda.federated.net.proto.RoundStart;
import org.dadda.federated.net.proto.UpdateHeader;
import org.dadda.federated.net.proto.UpdatePart;
import org.dadda.federated.net.proto.UpdateReceipt;
import org.dadda.federated.net.proto.WeightsHeader;
import org.dadda.federated.net.proto.Work;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.tensor.Tensor;

/**
 * A node of FedAvg across processes ({@code dadda node fedavg}): it connects to the server, joins
 * a job, and for every round trains the clients the server deals it, in this process
 * ({@link LocalClients}, the same local update as the in-process FedAvg), and sends each
 * client's update back with its sample count. Every weights file it receives is checked against
 * its announced SHA-256 before it is used. When the server goes away (restarted), the node joins
 * again for up to its reconnect window and takes part from the next round.
 */
public final class FedAvgNode implements AutoCloseable {
    /** A node's clients, built once the node knows the job (its client count, partition and seed). */
    @FunctionalInterface
    public interface Clients {
        /** The clients of {@code job} on this node's training set. */
        LocalClients forJob(FedAvgJob job);
    }

    /** Called with every global model the node receives. */
    @FunctionalInterface
    public interface GlobalListener {
        /** {@code state} holds the global weights after {@code completedRounds} rounds. */
        void globalWeights(int completedRounds, Map<String, Tensor> state);
    }

    private static final long UPDATE_MINUTES = 30;
    private static final long MAX_WEIGHTS_BYTES = 1L << 30;

    private final Endpoint server;
    private final ManagedChannel channel;
    private final String name;
    private final Duration reconnect;
    private final Consumer<String> log;
    private final Path temp;

    /**
     * A node that talks to {@code server}.
     *
     * @param tls this node's identity (its certificate names it), or null for plaintext on loopback
     * @param name the node's name without TLS (ignored by the server when a certificate names the node)
     * @param reconnect how long to keep trying to join again when the server goes away
     */
    public FedAvgNode(Endpoint server, TlsIdentity tls, String name, Duration reconnect, Consumer<String> log) {
        this.server = server;
        this.channel = GrpcEndpoints.connect(server, tls, UploadLimits.defaults().maxMessageBytes());
        this.name = name;
        this.reconnect = reconnect;
        this.log = log;
        try {
            this.temp = Files.createTempDirectory("dadda-fedavg");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder: " + e.getMessage(), e);
        }
    }

    /**
     * Joins {@code job} and trains what the server deals this node until the job finishes.
     *
     * @param listener gets every global model received (may be null)
     * @return the final global weights
     * @throws IllegalStateException naming the server when it refuses the node or stays away past the reconnect window
     */
    public Map<String, Tensor> run(String job, Clients clients, GlobalListener listener) {
        LocalClients local = null;
        FedAvgJob known = null;
        long awaySince = -1;
        while (true) {
            try {
                Iterator<Work> work = FedAvgRoundsGrpc.newBlockingStub(channel).join(JoinRequest.newBuilder().setJob(job).setNode(name).build());
                Work first = work.next();
                if (!first.hasJob()) {
                    throw new IllegalStateException("server " + server + " did not start with the job");
                }
                FedAvgJob j = job(first.getJob());
                if (known != null && !known.equals(j)) {
                    throw new IllegalStateException("server " + server + " now runs job " + j + ", not " + known);
                }
                if (local == null) {
                    known = j;
                    local = clients.forJob(j);
                }
                awaySince = -1;
                log.accept("fedavg: node " + first.getJob().getNode() + " joined job " + j + " at " + server);
                Map<String, Tensor> last = follow(work, j, local, listener);
                if (last != null) {
                    return last;
                }
                throw Status.UNAVAILABLE.withDescription("the job stream ended before the job finished").asRuntimeException();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw refused("join of job " + job, e);
                }
                long now = System.nanoTime();
                awaySince = awaySince < 0 ? now : awaySince;
                if (now - awaySince > reconnect.toNanos()) {
                    throw refused("join of job " + job + " (gave up after " + reconnect.toSeconds() + " s)", e);
                }
                log.accept("fedavg: server " + server + " unavailable (" + e.getStatus().getDescription() + "); joining again");
                sleep(1000);
            }
        }
    }

    /** Follows the job stream; returns the final weights, or null when the stream ends before them. */
    private Map<String, Tensor> follow(Iterator<Work> work, FedAvgJob job, LocalClients local, GlobalListener listener) {
        while (work.hasNext()) {
            Work w = work.next();
            if (w.hasRound()) {
                RoundStart start = w.getRound();
                int r = start.getRound();
                Map<String, Tensor> global = receive(work, start.getWeights(), "the global weights of round " + r);
                List<Integer> ids = start.getClientIdsList();
                if (!ids.isEmpty()) {
                    log.accept("fedavg: round " + r + ": training clients " + ids);
                    RoundResults results = local.train(r, ids, global);
                    for (ClientUpdate u : results.updates().values()) {
                        submit(job, r, u);
                    }
                }
                if (listener != null) {
                    listener.globalWeights(r, global);
                }
            } else if (w.hasFinished()) {
                Map<String, Tensor> global = receive(work, w.getFinished().getWeights(), "the final global weights");
                if (listener != null) {
                    listener.globalWeights(w.getFinished().getRounds(), global);
                }
                log.accept("fedavg: job " + job.name() + " finished after " + w.getFinished().getRounds() + " rounds");
                return global;
            } else {
                throw new IllegalStateException("server " + server + " sent " + w.getPartCase() + " where a round or the end was due");
            }
        }
        return null;
    }

    /** Reads the chunks of the weights {@code header} announces and checks their digest. */
    private Map<String, Tensor> receive(Iterator<Work> work, WeightsHeader header, String what) {
        Path file = temp.resolve(UUID.randomUUID() + ".safetensors");
        WeightsChunks.Receiving in = new WeightsChunks.Receiving(header, file, MAX_WEIGHTS_BYTES, what + " from server " + server);
        try {
            while (!in.complete()) {
                Work w = work.next();
                if (!w.hasChunk()) {
                    throw new IllegalStateException("server " + server + " sent " + w.getPartCase() + " inside " + what);
                }
                in.chunk(w.getChunk());
            }
            return WeightsIo.load(in.finish());
        } finally {
            in.discard();
        }
    }

    /** Sends one client's update; a refusal (a late update, say) is logged and the node goes on. */
    private void submit(FedAvgJob job, int round, ClientUpdate u) {
        Path file = temp.resolve("update-" + round + "-" + u.client() + ".safetensors");
        try {
            WeightsHeader header = WeightsChunks.write(file, u.state());
            ReplyFuture<UpdateReceipt> done = new ReplyFuture<>("receipt");
            StreamObserver<UpdatePart> out = FedAvgRoundsGrpc.newStub(channel).withDeadlineAfter(UPDATE_MINUTES, TimeUnit.MINUTES)
                    .submit(done);
            out.onNext(UpdatePart.newBuilder().setHeader(UpdateHeader.newBuilder().setJob(job.name()).setRound(round)
                    .setClientId(u.client()).setSamples(u.samples()).setWeights(header).setNode(name)).build());
            WeightsChunks.send(file, chunk -> out.onNext(UpdatePart.newBuilder().setChunk(chunk).build()));
            out.onCompleted();
            done.get();
            log.accept("fedavg: round " + round + ": sent the update of client " + u.client());
        } catch (ExecutionException e) {
            log.accept("fedavg: round " + round + ": " + refused("update of client " + u.client(), e.getCause()).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending round " + round + " to " + server, e);
        } finally {
            Files2.deleteRecursively(file);
        }
    }

    private static FedAvgJob job(JobInfo j) {
        return new FedAvgJob(j.getName(), j.getClients(), j.getIid(), new FedAvgConfig(j.getRounds(), j.getLocalEpochs(), j.getBatchSize(),
                j.getClientFraction(), j.getSeed(), 0));
    }

    private IllegalStateException refused(String what, Throwable t) {
        return GrpcEndpoints.refused(server, what, t);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server", e);
        }
    }

    @Override
    public void close() {
        GrpcEndpoints.close(channel);
        Files2.deleteRecursively(temp);
    }
}
