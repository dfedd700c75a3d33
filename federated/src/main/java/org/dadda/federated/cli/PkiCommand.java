package org.dadda.federated.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dadda.federated.net.Pki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The deployment's certificates for mutual TLS between nodes and server. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = {"Certificates for nodes and server (mutual TLS): one CA per deployment, a certificate per node whose"
                + " common name is the node's id, one for the server with its host names. EC P-256 keys, PEM files.",
            "Keep DIR/ca.key on the machine that issues certificates; give each node ca.pem and its own NAME.pem, NAME.key."},
        subcommands = {PkiCommand.Init.class, PkiCommand.IssueNode.class, PkiCommand.IssueServer.class})
final class PkiCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing pki command: init, issue-node or issue-server");
    }

    /** Options every pki command shares. */
    static class Common {
        @Option(names = "--dir", paramLabel = "DIR", required = true, description = "The certificate folder.")
        Path dir;
        @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;
        @Spec
        CommandSpec spec;

        void done(String what) {
            spec.commandLine().getOut().println(what);
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Make the deployment's CA in --dir (never overwrites one).")
    static final class Init extends Common implements Callable<Integer> {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "dadda-ca", description = "The CA's common name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            Pki.initCa(dir, name, days);
            done("wrote " + Pki.caCert(dir) + " and " + Pki.key(dir, "ca"));
            return 0;
        }
    }

    @Command(name = "issue-node", mixinStandardHelpOptions = true, description = "Issue a node's certificate (common name = its id).")
    static final class IssueNode extends Common implements Callable<Integer> {
        @Option(names = "--name", paramLabel = "NODE", required = true, description = "The node's id, as given to --node.")
        String name;

        @Override
        public Integer call() {
            Pki.issue(dir, name, Pki.Role.NODE, List.of(), days);
            done("wrote " + Pki.cert(dir, name) + " and " + Pki.key(dir, name) + "; copy them with ca.pem to the node");
            return 0;
        }
    }

    @Command(name = "issue-server", mixinStandardHelpOptions = true, description = "Issue the server's certificate.")
    static final class IssueServer extends Common implements Callable<Integer> {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "server", description = "File name (default: ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--host", paramLabel = "HOST", required = true,
                description = "A host name or IP address nodes use to reach the server (repeatable).")
        List<String> hosts;

        @Override
        public Integer call() {
            Pki.issue(dir, name, Pki.Role.SERVER, hosts, days);
            done("wrote " + Pki.cert(dir, name) + " and " + Pki.key(dir, name) + " for " + String.join(", ", hosts));
            return 0;
        }
    }
}
