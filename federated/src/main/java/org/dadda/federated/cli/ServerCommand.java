package org.dadda.federated.cli;

import java.nio.file.Path;
import org.dadda.federated.net.Endpoint;
import org.dadda.federated.net.ExchangeServer;
import org.dadda.federated.net.TlsIdentity;
import org.dadda.federated.net.UploadLimits;
import org.dadda.federated.run.LogSink;

import java.util.concurrent.Callable;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The central server's commands. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "The central server (stage 2).",
        subcommands = {ServerCommand.Train.class, ServerCommand.Serve.class, ServerFedAvgCommand.class})
final class ServerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing server command: train, serve or fedavg");
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Stage 2 on the central server: receive the uploads in the exchange folder (refusing any that carries"
                    + " more than normal images and masks), train G_I on the normal images and G_M on the masks (class-conditioned,"
                    + " classifier-free guidance) for each category, and publish their weights to the exchange folder.",
                "Needs no dataset: on its own machine, give --out SERVER_RUN --exchange DIR --profile P."})
    static final class Train implements Callable<Integer> {
        @Mixin
        RunOptions run;
        @Mixin
        ExchangeOptions exchange;
        @Option(names = "--category", paramLabel = "NAME", description = "Train only this category (default: every uploaded one).")
        String category;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Pipeline p = Commands.serverPipeline(run, exchange);
            for (String c : p.serverTrain(category)) {
                spec.commandLine().getOut().println("published " + c);
            }
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve the exchange folder to nodes over gRPC with mutual TLS: nodes upload their normal images and"
                    + " augmented masks (each file decoded and checked before anything is kept) and fetch the releases that"
                    + " dadda server train publishes into the same folder. Runs until stopped (Ctrl-C).",
                "Example: dadda server serve --exchange exchange --listen 0.0.0.0:7443 --tls pki --tls-name server"})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--exchange", paramLabel = "DIR", required = true, description = "The server's exchange folder.")
        Path exchange;
        @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:7443",
                description = "Address and port to listen on (default: ${DEFAULT-VALUE}).")
        String listen;
        @Mixin
        ServerTlsOptions tls;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            TlsIdentity id = tls.identity(spec);
            try (ExchangeServer s = ExchangeServer.start(Endpoint.parse(listen), id, exchange, UploadLimits.defaults(),
                    LogSink.of(ExchangeServer.class))) {
                spec.commandLine().getOut().println("serving " + exchange + " on port " + s.port() + " (" + tls.describe() + ")");
                spec.commandLine().getOut().flush();
                s.awaitTermination();
            }
            return 0;
        }
    }
}
