package org.dadda.diffusion.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.nn.io.SafeTensors;
import org.dadda.nn.io.SafeTensorsFile;
import org.dadda.nn.io.TensorEntry;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.Json;

/**
 * Weight files of U-Nets: safetensors (F32) with the {@link UNetConfig} as JSON in the metadata,
 * so that a file alone rebuilds its network (the weights the central server sends back to the
 * nodes, theta_I and theta_M). Writes are atomic.
 */
public final class ModelFiles {
    /** Metadata key of the format tag. */
    public static final String FORMAT_KEY = "format";
    /** Format tag of a model file. */
    public static final String MODEL_FORMAT = "dadda-unet/1";
    /** Metadata key of the U-Net configuration (JSON). */
    public static final String CONFIG_KEY = "unet";

    private ModelFiles() {
    }

    /** Tensors as safetensors entries under {@code prefix + name}. */
    static List<TensorEntry> entries(String prefix, Map<String, Tensor> tensors) {
        List<TensorEntry> out = new ArrayList<>(tensors.size());
        tensors.forEach((k, v) -> out.add(new TensorEntry(prefix + k, v.shape(), v.toArray())));
        return out;
    }

    /** The entries of {@code file} starting with {@code prefix}, with the prefix removed, as tensors. */
    static LinkedHashMap<String, Tensor> tensors(SafeTensorsFile file, String prefix) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (var e : file.entries().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), Tensor.fromArray(e.getValue().data(), e.getValue().shape()));
            }
        }
        return out;
    }

    /** Writes {@code weights} (a state dict of a network of shape {@code config}) to {@code file}. */
    public static void save(Path file, UNetConfig config, Map<String, Tensor> weights) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, MODEL_FORMAT);
        meta.put(CONFIG_KEY, Json.write(config.toMap()));
        SafeTensors.write(file, entries("", weights), meta);
    }

    /** Writes the current weights of {@code model} to {@code file}. */
    public static void save(Path file, AttentionUNet model) throws IOException {
        save(file, model.config(), model.stateDict());
    }

    /** The configuration stored in a model file or checkpoint. */
    @SuppressWarnings("unchecked")
    static UNetConfig config(SafeTensorsFile f) {
        String json = f.metadata().get(CONFIG_KEY);
        if (json == null) {
            throw new IllegalArgumentException(f.path() + ": no '" + CONFIG_KEY + "' metadata (not a dadda U-Net file)");
        }
        try {
            return UNetConfig.fromMap((Map<String, Object>) Json.parse(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(f.path() + ": bad '" + CONFIG_KEY + "' metadata: " + e.getMessage(), e);
        }
    }

    /** The network stored in {@code file}, weights loaded strictly. */
    public static AttentionUNet load(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        if (!MODEL_FORMAT.equals(f.metadata().get(FORMAT_KEY))) {
            throw new IllegalArgumentException(file + ": format '" + f.metadata().get(FORMAT_KEY) + "', expected " + MODEL_FORMAT);
        }
        AttentionUNet net = new AttentionUNet(config(f), 0);
        try {
            net.loadStateDict(tensors(f, ""), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return net;
    }

    /** The weights stored in {@code file} by name (a model file, or the {@code model.} part of a checkpoint). */
    public static LinkedHashMap<String, Tensor> readWeights(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        String format = f.metadata().get(FORMAT_KEY);
        if (MODEL_FORMAT.equals(format)) {
            return tensors(f, "");
        }
        if (Checkpoints.FORMAT.equals(format)) {
            return tensors(f, Checkpoints.MODEL_PREFIX);
        }
        throw new IllegalArgumentException(file + ": format '" + format + "' is neither " + MODEL_FORMAT + " nor " + Checkpoints.FORMAT);
    }
}
