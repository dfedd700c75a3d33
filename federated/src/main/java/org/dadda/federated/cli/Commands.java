package org.dadda.federated.cli;

import java.io.PrintWriter;
import org.dadda.federated.pipeline.Datasets;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.transport.FolderTransport;
import org.dadda.federated.transport.Transport;

/** What the commands share: opening the run folder and its pipeline with the common options. */
final class Commands {
    private Commands() {
    }

    /** Opens (or creates) the run folder and its pipeline from the common options. */
    static Pipeline pipeline(RunOptions r, DataOptions d, PrintWriter err) {
        return pipeline(r, d, null, err);
    }

    /** As {@link #pipeline(RunOptions, DataOptions, PrintWriter)}, with an exchange folder given by --exchange. */
    static Pipeline pipeline(RunOptions r, DataOptions d, ExchangeOptions x, PrintWriter err) {
        r.applyThreads();
        if (d != null && d.data != null && d.category == null && Datasets.isCategory(d.data.toAbsolutePath().normalize())) {
            // --data names one category folder: work on that category, not on its siblings.
            d.category = d.data.toAbsolutePath().normalize().getFileName().toString();
        }
        RunFolder run = RunFolder.open(r.out, r.profile, r.overrides(), r.seed, d == null ? null : d.data, true);
        return make(run, r, x, err);
    }

    /** The central server's pipeline: its run folder needs no dataset. */
    static Pipeline serverPipeline(RunOptions r, ExchangeOptions x, PrintWriter err) {
        r.applyThreads();
        return make(RunFolder.open(r.out, r.profile, r.overrides(), r.seed, null, false), r, x, err);
    }

    private static Pipeline make(RunFolder run, RunOptions r, ExchangeOptions x, PrintWriter err) {
        Transport t = x == null || x.exchange == null ? run.transport() : new FolderTransport(x.exchange);
        return new Pipeline(run, line -> {
            err.println(line);
            err.flush();
        }, !r.quiet, t);
    }
}
