package org.dadda.federated.net;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place where the server's listening socket and a node's channel are set up, so every
 * service gets the same rules: mutual TLS from a {@link TlsIdentity}, or plaintext only on a
 * loopback address; a bound on inbound messages; the node's name from its certificate
 * ({@link NodeIdentity}) on every call.
 */
final class GrpcEndpoints {
    private GrpcEndpoints() {
    }

    /**
     * Starts a server with {@code services} on {@code listen}.
     *
     * @param tls the server's identity, or null for plaintext (refused unless {@code listen} is a loopback address)
     */
    static Server serve(Endpoint listen, TlsIdentity tls, int maxMessageBytes, List<ServerServiceDefinition> services) {
        if (tls == null && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("plaintext (--insecure) only on a loopback address, not on " + listen.host());
        }
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(listen.host(), listen.port()))
                .maxInboundMessageSize(maxMessageBytes);
        for (ServerServiceDefinition s : services) {
            b.addService(ServerInterceptors.intercept(s, new NodeIdentity()));
        }
        if (tls != null) {
            b.sslContext(tls.serverContext());
        }
        try {
            return b.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    /**
     * A channel to {@code server}.
     *
     * @param tls this node's identity, or null for plaintext (loopback tests only)
     */
    static ManagedChannel connect(Endpoint server, TlsIdentity tls, int maxMessageBytes) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(server.host(), server.port()).maxInboundMessageSize(maxMessageBytes);
        if (tls == null) {
            b.negotiationType(NegotiationType.PLAINTEXT);
        } else {
            b.sslContext(tls.clientContext());
        }
        return b.build();
    }

    /** Stops {@code server}, letting calls in flight finish for up to ten seconds. */
    static void stop(Server server) {
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Closes {@code channel}, letting calls in flight finish for up to ten seconds. */
    static void close(ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A server's refusal of {@code what}, with the gRPC status code and the server's reason. */
    static IllegalStateException refused(Endpoint server, String what, Throwable t) {
        String why = t instanceof StatusRuntimeException s
                ? s.getStatus().getCode() + (s.getStatus().getDescription() == null ? "" : ": " + s.getStatus().getDescription())
                : String.valueOf(t.getMessage());
        return new IllegalStateException("server " + server + " refused the " + what + " (" + why + ")", t);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
