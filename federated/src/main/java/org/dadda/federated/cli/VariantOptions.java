package org.dadda.federated.cli;

import java.util.ArrayList;
import java.util.List;
import org.dadda.federated.downstream.Variant;
import picocli.CommandLine.Option;

/** Which training sets (baselines and D-ADDA) a downstream command works on. */
public final class VariantOptions {
    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "Training sets, comma separated: real (acquired only), dam (real + DAM), dadda (real + synthesized),"
                    + " dadda+dam (real + half DAM, half synthesized); all but real add the same count per type. Default: all four.")
    List<String> variants;

    /** The chosen variants, in the fixed order real, dam, dadda, dadda+dam. */
    List<Variant> chosen() {
        if (variants == null || variants.isEmpty()) {
            return List.of(Variant.values());
        }
        List<Variant> wanted = new ArrayList<>();
        for (String v : variants) {
            wanted.add(Variant.of(v.trim()));
        }
        List<Variant> out = new ArrayList<>();
        for (Variant v : Variant.values()) {
            if (wanted.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
