package org.dadda.federated.cli;

import java.nio.file.Path;
import org.dadda.federated.net.Endpoint;
import org.dadda.federated.net.GrpcTransport;
import org.dadda.federated.net.TlsIdentity;
import org.dadda.federated.net.UploadLimits;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.Transport;
import picocli.CommandLine.Option;

/** Where nodes and server exchange uploads and releases: a folder, or a server over the network. */
public final class ExchangeOptions {
    @Option(names = "--exchange", paramLabel = "DIR",
            description = "The exchange folder between nodes and server (default: RUN_DIR/exchange). Copy it between machines"
                    + " to run the server and the nodes apart, or use --server.")
    Path exchange;

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "Exchange with a server running dadda server serve instead of a folder (mutual TLS: give --tls and"
                    + " --tls-name).")
    String server;

    @Option(names = "--tls", paramLabel = "DIR",
            description = "Folder made by dadda pki holding ca.pem and this party's NAME.pem and NAME.key.")
    Path tls;

    @Option(names = "--tls-name", paramLabel = "NAME",
            description = "Whose certificate in --tls to present: the node's id (its certificate's common name).")
    String tlsName;

    @Option(names = "--insecure", description = "Plaintext, no certificates: for loopback tests only.")
    boolean insecure;

    /**
     * The transport these options name, or {@code fallback} when they name none.
     *
     * @throws IllegalArgumentException when --server lacks its TLS options or --exchange is given too
     */
    Transport transport(Transport fallback) {
        if (server == null) {
            return exchange == null ? fallback : new FolderTransport(exchange);
        }
        if (exchange != null) {
            throw new IllegalArgumentException("give --exchange DIR or --server HOST:PORT, not both");
        }
        return new GrpcTransport(Endpoint.parse(server), identity("--server"), UploadLimits.defaults());
    }

    /** The TLS identity --tls and --tls-name give, or null with --insecure. */
    TlsIdentity identity(String forWhat) {
        if (insecure) {
            if (tls != null) {
                throw new IllegalArgumentException("give --tls DIR or --insecure, not both");
            }
            return null;
        }
        if (tls == null || tlsName == null) {
            throw new IllegalArgumentException(forWhat + " needs --tls DIR and --tls-name NAME (certificates from dadda pki),"
                    + " or --insecure on a loopback address");
        }
        return TlsIdentity.in(tls, tlsName);
    }
}
