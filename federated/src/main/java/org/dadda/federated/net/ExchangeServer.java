package org.dadda.federated.net;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The central server's network face ({@code dadda server serve}): the {@code Exchange} gRPC
 * service over the server's exchange folder, with mutual TLS (only nodes whose certificate the
 * deployment's CA signed get in) or, for loopback tests only, plaintext. Stage 2 runs beside it
 * on the same folder ({@code dadda server train --exchange DIR}), exactly as with copied folders.
 */
public final class ExchangeServer implements AutoCloseable {
    private final Server server;

    private ExchangeServer(Server server) {
        this.server = server;
    }

    /**
     * Starts serving {@code exchangeDir} on {@code listen}.
     *
     * @param tls the server's identity, or null for plaintext (refused unless {@code listen} is a loopback address)
     */
    public static ExchangeServer start(Endpoint listen, TlsIdentity tls, Path exchangeDir, UploadLimits limits,
                                       Consumer<String> log) {
        if (tls == null && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("plaintext (--insecure) only on a loopback address, not on " + listen.host());
        }
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(listen.host(), listen.port()))
                .maxInboundMessageSize(limits.maxMessageBytes())
                .addService(ServerInterceptors.intercept(new ExchangeService(exchangeDir, limits, tls == null, log),
                        new NodeIdentity()));
        if (tls != null) {
            b.sslContext(tls.serverContext());
        }
        try {
            return new ExchangeServer(b.build().start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The port the server listens on (the chosen one when started on port 0). */
    public int port() {
        return server.getPort();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
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
}
