package org.dadda.federated.cli;

import org.dadda.federated.pipeline.Datasets;
import org.dadda.federated.pipeline.Pipeline;
import org.dadda.federated.pipeline.RunFolder;
import org.dadda.federated.run.LogSink;
import org.dadda.federated.run.RunLock;
import org.dadda.federated.transport.Transport;

/** What the commands share: opening the run folder and its pipeline with the common options. */
final class Commands {
    private Commands() {
    }

    /** Opens (or creates) the run folder and its pipeline from the common options. */
    static Pipeline pipeline(RunOptions r, DataOptions d) {
        return pipeline(r, d, null);
    }

    /** As {@link #pipeline(RunOptions, DataOptions)}, with an exchange folder given by --exchange. */
    static Pipeline pipeline(RunOptions r, DataOptions d, ExchangeOptions x) {
        r.applyThreads();
        if (d != null && d.data != null && d.category == null && Datasets.isCategory(d.data.toAbsolutePath().normalize())) {
            // --data names one category folder: work on that category, not on its siblings.
            d.category = d.data.toAbsolutePath().normalize().getFileName().toString();
        }
        RunLock.acquire(r.out);
        RunFolder run = RunFolder.open(r.out, r.profile, r.overrides(), r.seed, d == null ? null : d.data, true);
        return make(run, r, x);
    }

    /** The central server's pipeline: its run folder needs no dataset. */
    static Pipeline serverPipeline(RunOptions r, ExchangeOptions x) {
        r.applyThreads();
        RunLock.acquire(r.out);
        return make(RunFolder.open(r.out, r.profile, r.overrides(), r.seed, null, false), r, x);
    }

    private static Pipeline make(RunFolder run, RunOptions r, ExchangeOptions x) {
        Transport t = x == null ? run.transport() : x.transport(run.transport());
        // Log lines go through System.Logger (CliLogging prints them on stderr); err stays for errors.
        return new Pipeline(run, LogSink.of(Pipeline.class), !r.quiet, t);
    }
}
