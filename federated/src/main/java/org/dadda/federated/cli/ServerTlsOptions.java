package org.dadda.federated.cli;

import java.nio.file.Path;
import org.dadda.federated.net.TlsIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The server's side of mutual TLS, for the commands that listen for nodes. */
public final class ServerTlsOptions {
    @Option(names = "--tls", paramLabel = "DIR", description = "Folder made by dadda pki: ca.pem and the server's NAME.pem, NAME.key.")
    Path tls;

    @Option(names = "--tls-name", paramLabel = "NAME", defaultValue = "server",
            description = "The server's certificate name in --tls (default: ${DEFAULT-VALUE}).")
    String tlsName;

    @Option(names = "--insecure", description = "Plaintext, no certificates: only on a loopback address, for tests.")
    boolean insecure;

    /**
     * The server's identity, or null with --insecure.
     *
     * @throws CommandLine.ParameterException unless exactly one of --tls and --insecure is given
     */
    TlsIdentity identity(CommandSpec spec) {
        if (insecure == (tls != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --tls DIR or --insecure (loopback only)");
        }
        return insecure ? null : TlsIdentity.in(tls, tlsName);
    }

    /** How the server talks, for its first line. */
    String describe() {
        return insecure ? "plaintext" : "mutual TLS";
    }
}
