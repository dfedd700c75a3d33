package org.dadda.federated.cli;

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
        subcommands = ServerCommand.Train.class)
final class ServerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing server command: train");
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
}
