package org.dadda.federated.cli;

import org.dadda.federated.pipeline.RunFolder;
import picocli.CommandLine.Option;

/** Which local node a command acts as. */
public final class NodeOptions {
    @Option(names = "--node", paramLabel = "ID", description = "The local node's id (default: " + RunFolder.DEFAULT_NODE + ").")
    String node = RunFolder.DEFAULT_NODE;
}
