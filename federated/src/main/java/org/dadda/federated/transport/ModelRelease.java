package org.dadda.federated.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.federated.fedavg.StateAverager;
import org.dadda.tensor.Tensor;

/**
 * What the central server publishes for a category in stage 2: the trained weights of the
 * generative models ({@code g_i}, {@code g_m}), the defect types in the order of G_M's class
 * labels, and the settings needed to rebuild the models. Weights are not sensitive (Sec. III-B).
 */
public final class ModelRelease {
    private final String category;
    private final List<String> defectTypes;
    private final Map<String, Object> config;
    private final LinkedHashMap<String, LinkedHashMap<String, Tensor>> models;

    /**
     * A release; the state dicts are copied.
     *
     * @param category the category
     * @param defectTypes G_M's class labels, in label order
     * @param config plain JSON values describing the models (profile, widths, schedule)
     * @param models state dict by model name
     */
    public ModelRelease(String category, List<String> defectTypes, Map<String, Object> config,
                        Map<String, ? extends Map<String, Tensor>> models) {
        this.category = category;
        this.defectTypes = List.copyOf(defectTypes);
        this.config = new LinkedHashMap<>(config);
        this.models = new LinkedHashMap<>();
        models.forEach((k, v) -> this.models.put(k, StateAverager.snapshot(v)));
    }

    /** The category. */
    public String category() {
        return category;
    }

    /** Defect types in class-label order. */
    public List<String> defectTypes() {
        return defectTypes;
    }

    /** Model settings (a copy). */
    public Map<String, Object> config() {
        return new LinkedHashMap<>(config);
    }

    /** Names of the models in the release. */
    public List<String> modelNames() {
        return new ArrayList<>(models.keySet());
    }

    /**
     * A copy of model {@code name}'s state dict.
     *
     * @throws IllegalArgumentException when the release has no such model
     */
    public LinkedHashMap<String, Tensor> weights(String name) {
        Map<String, Tensor> w = models.get(name);
        if (w == null) {
            throw new IllegalArgumentException("release for " + category + " has no model '" + name + "' (has " + models.keySet() + ")");
        }
        return StateAverager.snapshot(w);
    }
}
