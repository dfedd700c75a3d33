package org.dadda.federated.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where nodes and server exchange uploads and releases. */
public final class ExchangeOptions {
    @Option(names = "--exchange", paramLabel = "DIR",
            description = "The exchange folder between nodes and server (default: RUN_DIR/exchange). Copy it between machines"
                    + " to run the server and the nodes apart.")
    Path exchange;
}
