package org.dadda.federated.net;

import io.grpc.Server;
import java.nio.file.Path;
import java.util.List;
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
        return new ExchangeServer(GrpcEndpoints.serve(listen, tls, limits.maxMessageBytes(),
                List.of(new ExchangeService(exchangeDir, limits, tls == null, log).bindService())));
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
        GrpcEndpoints.stop(server);
    }
}
