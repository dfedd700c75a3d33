package org.dadda.federated.cli;

import java.util.concurrent.Callable;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A node command that acts on one category, or on every category of the dataset when none is given. */
abstract class CategoryCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;
    @Mixin
    DataOptions data;
    @Mixin
    NodeOptions node;
    @Spec
    CommandSpec spec;

    /** The exchange folder option, for the commands that talk to the server; null for the others. */
    ExchangeOptions exchange() {
        return null;
    }

    /** Does the command's work for one category. */
    abstract void each(Pipeline p, String category);

    @Override
    public Integer call() {
        Pipeline p = Commands.pipeline(run, data, exchange());
        for (String c : p.categories(data.category)) {
            each(p, c);
        }
        return 0;
    }
}
