package org.dadda.federated.net;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.dadda.federated.fedavg.ClientUpdate;
import org.dadda.federated.net.proto.FedAvgRoundsGrpc;
import org.dadda.federated.net.proto.JoinRequest;
import org.dadda.federated.net.proto.UpdateHeader;
import org.dadda.federated.net.proto.UpdatePart;
import org.dadda.federated.net.proto.UpdateReceipt;
import org.dadda.federated.net.proto.Work;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.Tensor;

/**
 * The server side of {@code fedavg.proto}: the gRPC calls of the nodes, turned into the
 * {@link RoundCoordinator}'s joins, leaves and updates. The node is the one its certificate names
 * ({@link NodeIdentity}); an update's file is received into the server's scratch folder, its size
 * bounded before it arrives and its digest, entry names and shapes checked before it counts.
 */
final class FedAvgService extends FedAvgRoundsGrpc.FedAvgRoundsImplBase {
    private final RoundCoordinator rounds;
    private final boolean insecure;
    private final Consumer<String> log;

    FedAvgService(RoundCoordinator rounds, boolean insecure, Consumer<String> log) {
        this.rounds = rounds;
        this.insecure = insecure;
        this.log = log;
    }

    /** The calling node: its certificate's name, or with --insecure the name it gives. */
    private String node(String certified, String claimed) {
        if (certified != null) {
            return certified;
        }
        if (!insecure) {
            throw Status.UNAUTHENTICATED.withDescription("no client certificate").asRuntimeException();
        }
        if (claimed == null || claimed.isBlank()) {
            throw Status.INVALID_ARGUMENT.withDescription("without TLS a node must give its name").asRuntimeException();
        }
        return claimed;
    }

    @Override
    public void join(JoinRequest request, StreamObserver<Work> reply) {
        try {
            String node = node(NodeIdentity.KEY.get(Context.current()), request.getNode());
            if (!request.getJob().equals(rounds.job().name())) {
                throw Status.NOT_FOUND.withDescription("node " + node + " asked for job '" + request.getJob() + "'; this server runs job '"
                        + rounds.job().name() + "'").asRuntimeException();
            }
            RoundCoordinator.NodeLink link = new RoundCoordinator.NodeLink(node, reply);
            // Set before this method returns, as gRPC requires: a broken stream drops the node's clients at once.
            ((ServerCallStreamObserver<Work>) reply).setOnCancelHandler(() -> rounds.leave(link));
            rounds.join(link);
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }

    @Override
    public StreamObserver<UpdatePart> submit(StreamObserver<UpdateReceipt> reply) {
        String certified = NodeIdentity.KEY.get(Context.current());
        return new StreamReceiver<UpdatePart>(reply) {
            private UpdateHeader header;
            private String node;
            private Map<String, Tensor> reference;
            private WeightsChunks.Receiving receiving;

            @Override
            void part(UpdatePart part) {
                if (header == null) {
                    if (!part.hasHeader()) {
                        throw Status.INVALID_ARGUMENT.withDescription("an update must start with its header").asRuntimeException();
                    }
                    header = part.getHeader();
                    node = node(certified, header.getNode());
                    reference = rounds.admit(node, header.getJob(), header.getRound(), header.getClientId());
                    receiving = new WeightsChunks.Receiving(header.getWeights(), rounds.scratch().resolve("incoming")
                            .resolve(UUID.randomUUID() + ".safetensors"), rounds.rules().maxWeightsBytes(), "its weights file");
                } else if (part.hasChunk()) {
                    receiving.chunk(part.getChunk());
                } else {
                    throw Status.INVALID_ARGUMENT.withDescription(who() + ": a second header in one update").asRuntimeException();
                }
            }

            @Override
            void finish() {
                if (receiving == null) {
                    throw Status.INVALID_ARGUMENT.withDescription("an empty update").asRuntimeException();
                }
                Path file = receiving.finish();
                Map<String, Tensor> state;
                try {
                    state = WeightsChunks.load(file, reference, "its weights file");
                } finally {
                    Files2.deleteRecursively(file);
                }
                rounds.deliver(node, header.getJob(), new ClientUpdate(header.getClientId(), state, header.getSamples()),
                        header.getRound());
                reply.onNext(UpdateReceipt.newBuilder().setRound(header.getRound()).setClientId(header.getClientId()).build());
                reply.onCompleted();
            }

            @Override
            void discard() {
                if (receiving != null) {
                    receiving.discard();
                }
            }

            @Override
            void refused(StatusRuntimeException e, boolean byContent) {
                // The coordinator logs the refusals it makes (late, misdirected); damaged updates are logged here.
                if (byContent) {
                    log.accept("fedavg: refused " + e.getStatus().getDescription());
                }
            }

            @Override
            String who() {
                return header == null ? "an update" : "the update of client " + header.getClientId() + " for round " + header.getRound()
                        + " from node " + node;
            }
        };
    }
}
