package org.dadda.federated.net;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.dadda.federated.fedavg.ClientPool;
import org.dadda.federated.fedavg.ClientUpdate;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.RoundResults;
import org.dadda.federated.net.proto.Finished;
import org.dadda.federated.net.proto.JobInfo;
import org.dadda.federated.net.proto.RoundStart;
import org.dadda.federated.net.proto.WeightsHeader;
import org.dadda.federated.net.proto.Work;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.Tensor;

/**
 * The server's side of a networked FedAvg round ({@link ClientPool} for {@link
 * org.dadda.federated.fedavg.FedAvg}): which nodes have joined, which node trains which client
 * in the round in progress, and which updates have arrived.
 *
 * <p>A round starts once {@link RoundRules#minNodes} nodes have joined (or, with at least one,
 * after {@link RoundRules#joinWait}); its selected clients are dealt to the joined nodes in turn,
 * in the order of their names, and every joined node gets the global weights. The round ends when
 * every selected client has an update or has been dropped: at the deadline, or as soon as its
 * node's connection breaks. An update counts only for the round in progress, before its
 * deadline, from the node the client was dealt to; anything else is refused and logged. A node
 * that joins during a round takes part from the next one. Which node trains a client does not
 * change its update: that depends only on the seed, the round, the client and the global weights.
 */
final class RoundCoordinator implements ClientPool {
    /** One joined node's open Join stream; sends are serialised because a stream is not thread-safe. */
    static final class NodeLink {
        final String name;
        private final StreamObserver<Work> out;
        private boolean closed;

        NodeLink(String name, StreamObserver<Work> out) {
            this.name = name;
            this.out = out;
        }

        synchronized void send(Work w) {
            if (closed) {
                throw Status.CANCELLED.withDescription("node " + name + " has left").asRuntimeException();
            }
            out.onNext(w);
        }

        synchronized void end(StatusRuntimeException error) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (error == null) {
                    out.onCompleted();
                } else {
                    out.onError(error);
                }
            } catch (RuntimeException e) {
                // The stream is already gone; there is nobody left to tell.
            }
        }
    }

    private final FedAvgJob job;
    private final RoundRules rules;
    private final Path scratch;
    private final Consumer<String> log;
    private final Map<String, NodeLink> nodes = new TreeMap<>();

    private int round = -1;
    private boolean open;
    private long deadlineNanos;
    private Map<String, Tensor> reference = Map.of();
    private Map<Integer, String> assigned = new HashMap<>();
    private TreeMap<Integer, ClientUpdate> received = new TreeMap<>();
    private Map<Integer, String> failures = new LinkedHashMap<>();
    private Path finalWeights;
    private int finalRounds;

    /** Coordinates {@code job}'s rounds; weights to send are written under {@code scratch}. */
    RoundCoordinator(FedAvgJob job, RoundRules rules, Path scratch, Consumer<String> log) {
        this.job = job;
        this.rules = rules;
        this.scratch = scratch;
        this.log = log;
    }

    FedAvgJob job() {
        return job;
    }

    RoundRules rules() {
        return rules;
    }

    Path scratch() {
        return scratch;
    }

    @Override
    public int clientCount() {
        return job.clients();
    }

    /** A node joins: it gets the job now and takes part from the next round that starts (or gets the final weights). */
    void join(NodeLink link) {
        // The job goes out before the link is registered, so no round can reach the node first.
        link.send(Work.newBuilder().setJob(JobInfo.newBuilder().setName(job.name()).setClients(job.clients()).setIid(job.iid())
                .setRounds(job.config().rounds()).setLocalEpochs(job.config().localEpochs()).setBatchSize(job.config().batchSize())
                .setClientFraction(job.config().clientFraction()).setSeed(job.config().seed()).setNode(link.name)).build());
        NodeLink old = null;
        Path done;
        int rounds;
        synchronized (this) {
            done = finalWeights;
            rounds = finalRounds;
            if (done == null) {
                old = nodes.put(link.name, link);
                if (old != null) {
                    drop(old.name, "node " + old.name + " joined again, so its connection of round " + round + " is gone");
                }
            }
            log.accept("fedavg: node " + link.name + " joined job " + job.name() + (done == null ? "" : " after it finished"));
            notifyAll();
        }
        if (old != null) {
            old.end(Status.ABORTED.withDescription("node " + link.name + " joined again on another connection").asRuntimeException());
        }
        if (done != null) {
            sendFinished(link, rounds, done);
        }
    }

    /** A node's stream broke (or it was replaced): its clients still owed in the round in progress are dropped. */
    void leave(NodeLink link) {
        synchronized (this) {
            if (nodes.get(link.name) != link) {
                return;
            }
            nodes.remove(link.name);
            log.accept("fedavg: node " + link.name + " left");
            drop(link.name, "node " + link.name + " disconnected during round " + round);
            notifyAll();
        }
    }

    /** Drops the clients of {@code node} still owed in the open round. Holds the lock. */
    private void drop(String node, String why) {
        if (!open) {
            return;
        }
        for (var e : assigned.entrySet()) {
            int c = e.getKey();
            if (e.getValue().equals(node) && !received.containsKey(c) && !failures.containsKey(c)) {
                failures.put(c, why);
                log.accept("fedavg: round " + round + ": client " + c + " dropped: " + why);
            }
        }
    }

    @Override
    public RoundResults train(int r, List<Integer> selected, Map<String, Tensor> globalState) {
        Path weights = scratch.resolve("global-for-round-" + r + ".safetensors");
        WeightsHeader header = WeightsChunks.write(weights, globalState);
        try {
            List<NodeLink> links = startRound(r, selected, globalState);
            for (NodeLink link : links) {
                RoundStart.Builder start = RoundStart.newBuilder().setRound(r).setWeights(header)
                        .setDeadlineUnixMs(System.currentTimeMillis() + rules.deadline().toMillis());
                synchronized (this) {
                    for (int c : selected) {
                        if (link.name.equals(assigned.get(c))) {
                            start.addClientIds(c);
                        }
                    }
                }
                try {
                    link.send(Work.newBuilder().setRound(start).build());
                    WeightsChunks.send(weights, chunk -> link.send(Work.newBuilder().setChunk(chunk).build()));
                } catch (StatusRuntimeException e) {
                    leave(link);
                }
            }
            return awaitRound(r, selected);
        } finally {
            Files2.deleteRecursively(weights);
        }
    }

    /** Waits for enough nodes, deals the clients and opens round {@code r}; returns the nodes to send it to. */
    private synchronized List<NodeLink> startRound(int r, List<Integer> selected, Map<String, Tensor> globalState) {
        long waitEnd = System.nanoTime() + rules.joinWait().toNanos();
        long lastNote = 0;
        while (nodes.size() < rules.minNodes() && (nodes.isEmpty() || System.nanoTime() < waitEnd)) {
            if (System.nanoTime() - lastNote > 30_000_000_000L) {
                log.accept("fedavg: round " + r + " waits for nodes: " + nodes.size() + " of " + rules.minNodes() + " joined "
                        + nodes.keySet());
                lastNote = System.nanoTime();
            }
            waitNanos(nodes.isEmpty() ? 1_000_000_000L : Math.max(1, waitEnd - System.nanoTime()));
        }
        List<NodeLink> links = new ArrayList<>(nodes.values());
        round = r;
        open = true;
        reference = globalState;
        received = new TreeMap<>();
        failures = new LinkedHashMap<>();
        assigned = new HashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            assigned.put(selected.get(i), links.get(i % links.size()).name);
        }
        deadlineNanos = System.nanoTime() + rules.deadline().toNanos();
        log.accept("fedavg: round " + r + " started: clients " + selected + " dealt to " + nodes.keySet() + ", deadline in "
                + rules.deadline().toMillis() + " ms");
        return links;
    }

    /** Waits until every selected client has an update or is dropped, dropping the rest at the deadline. */
    private synchronized RoundResults awaitRound(int r, List<Integer> selected) {
        while (owed(selected) > 0 && System.nanoTime() < deadlineNanos) {
            waitNanos(deadlineNanos - System.nanoTime());
        }
        for (int c : selected) {
            if (!received.containsKey(c) && !failures.containsKey(c)) {
                String why = "missed the deadline of " + rules.deadline().toMillis() + " ms (node " + assigned.get(c) + ")";
                failures.put(c, why);
                log.accept("fedavg: round " + r + ": client " + c + " dropped: " + why);
            }
        }
        open = false;
        log.accept("fedavg: round " + r + " closed: updates of clients " + received.keySet() + (failures.isEmpty() ? ""
                : ", dropped " + failures.keySet()));
        return new RoundResults(received, failures);
    }

    private int owed(List<Integer> selected) {
        int n = 0;
        for (int c : selected) {
            n += received.containsKey(c) || failures.containsKey(c) ? 0 : 1;
        }
        return n;
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while coordinating round " + round + " of job " + job.name(), e);
        }
    }

    /**
     * Checks that {@code node} may send the update of client {@code client} for round {@code r}
     * now, and returns the global state its entries must match.
     *
     * @throws StatusRuntimeException naming the node, the client and the round when it may not
     */
    synchronized Map<String, Tensor> admit(String node, String jobName, int r, int client) {
        String what = "the update of client " + client + " for round " + r + " from node " + node;
        if (!job.name().equals(jobName)) {
            throw refuse(Status.INVALID_ARGUMENT, what + " is for job '" + jobName + "'; this server runs job '" + job.name() + "'");
        }
        if (r < round || (r == round && (!open || System.nanoTime() >= deadlineNanos))) {
            throw refuse(Status.FAILED_PRECONDITION, "late: " + what + " is ignored: round " + r + " has closed"
                    + (r == round && failures.containsKey(client) ? " (" + failures.get(client) + ")" : ""));
        }
        if (r > round || !open) {
            throw refuse(Status.FAILED_PRECONDITION, what + " is for a round that has not started; the round in progress is "
                    + (open ? round : "none"));
        }
        if (!node.equals(assigned.get(client))) {
            throw refuse(Status.PERMISSION_DENIED, what + " is refused: round " + r + " dealt client " + client + " to "
                    + (assigned.containsKey(client) ? "node " + assigned.get(client) : "no node (it was not selected)"));
        }
        if (received.containsKey(client)) {
            throw refuse(Status.ALREADY_EXISTS, what + " arrived twice");
        }
        if (failures.containsKey(client)) {
            throw refuse(Status.FAILED_PRECONDITION, "late: " + what + " is ignored: the client was dropped (" + failures.get(client) + ")");
        }
        return reference;
    }

    /** Takes an update whose file arrived whole and checked; refuses it if its round closed meanwhile. */
    void deliver(String node, String jobName, ClientUpdate update, int r) {
        synchronized (this) {
            admit(node, jobName, r, update.client());
            received.put(update.client(), update);
            // Logged before the round can close, so the log reads in order.
            log.accept("fedavg: round " + r + ": client " + update.client() + " updated by node " + node + " (" + update.samples()
                    + " samples)");
            notifyAll();
        }
    }

    /** Sends every joined node (and every node that joins later) the final weights, then ends their streams. */
    void finish(int rounds, Map<String, Tensor> finalState) {
        Path weights = scratch.resolve("final.safetensors");
        WeightsChunks.write(weights, finalState);
        List<NodeLink> links;
        synchronized (this) {
            finalWeights = weights;
            finalRounds = rounds;
            links = new ArrayList<>(nodes.values());
        }
        for (NodeLink link : links) {
            sendFinished(link, rounds, weights);
        }
        log.accept("fedavg: job " + job.name() + " finished after " + rounds + " rounds");
    }

    private void sendFinished(NodeLink link, int rounds, Path weights) {
        try {
            link.send(Work.newBuilder().setFinished(Finished.newBuilder().setRounds(rounds)
                    .setWeights(WeightsChunks.header(weights))).build());
            WeightsChunks.send(weights, chunk -> link.send(Work.newBuilder().setChunk(chunk).build()));
            link.end(null);
        } catch (StatusRuntimeException e) {
            leave(link);
        }
    }

    /** Ends every node's stream (the server is stopping). */
    void closeAll() {
        List<NodeLink> links;
        synchronized (this) {
            links = new ArrayList<>(nodes.values());
            nodes.clear();
        }
        for (NodeLink l : links) {
            l.end(Status.UNAVAILABLE.withDescription("the FedAvg server is stopping").asRuntimeException());
        }
    }

    /** Logs a refusal and returns it as a status for the caller. */
    private StatusRuntimeException refuse(Status status, String why) {
        log.accept("fedavg: " + why);
        return status.withDescription(why).asRuntimeException();
    }
}
