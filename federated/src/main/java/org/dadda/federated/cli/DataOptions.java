package org.dadda.federated.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the images are and which category to work on. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset in MVTec AD layout: a folder of categories, or one category folder. "
                    + "Default: the run folder's.")
    Path data;

    @Option(names = "--category", paramLabel = "NAME", description = "The category to work on (a folder name under --data).")
    String category;
}
