package org.dadda.federated.cli;

import java.nio.file.Path;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.fedavg.GridSpec;
import org.dadda.federated.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Table III grid. */
@Command(name = "fedavg", mixinStandardHelpOptions = true,
        description = {"Distributed classification (Table III): FedAvg of F_cls over IID and non-IID (one client per defect"
                + " type) shards of stage 3's training set, for every cell of the grid, with F-Pro and U-Pro accuracy and a"
                + " Fig. 7 style prediction grid."})
final class FedAvgCommand extends CategoryCommand {
    @Option(names = "--grid", paramLabel = "paper|small|SPEC",
            description = {"paper: clients {N_d non-IID, N_d, 10} x B {8,16,32} x E {1,5,10};"
                + " small: the same clients x B {8} x E {1,5}; or a spec such as 'clients=nd-noniid,nd,10;b=8,16;e=1,5'.",
                "Default: small for the quick profile, paper otherwise."})
    String grid;
    @Option(names = "--variant", paramLabel = "real|dam|dadda", description = "Training set of the clients (default dadda).")
    String variant = "dadda";
    @Option(names = "--init", paramLabel = "FILE.safetensors", description = "Pre-trained torchvision ResNet weights (default: scratch).")
    Path init;
    @Override
    void each(Pipeline p, String category) {
        GridSpec g = grid == null ? defaultGrid(p) : GridSpec.parse(grid);
        spec.commandLine().getOut().println(p.fedavg(category, node.node, g, TrainCommand.init(init), Variant.of(variant)));
    }

    /**
     * The grid a profile runs by default: the small one for the profiles meant for two cores
     * (quick, standard), the paper's for the others.
     */
    static GridSpec defaultGrid(Pipeline p) {
        String name = p.run().profile().name();
        return name.equals("quick") || name.equals("standard") ? GridSpec.small() : GridSpec.paper();
    }
}
