package org.dadda.diffusion.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dadda.nn.io.SafeTensorsFile;
import org.dadda.nn.io.TensorEntry;

/**
 * Names and layout of training checkpoints: one safetensors file per saved step,
 * {@code step-00001234.safetensors}, holding {@code model.*} (live weights), {@code ema.*}
 * (the moving average and its update count) and {@code optim.*} (Adam's moments and step
 * counts), with the step, seeds and configurations in the metadata.
 */
public final class Checkpoints {
    /** Format tag of a checkpoint file. */
    public static final String FORMAT = "dadda-ddpm-checkpoint/1";
    /** Prefix of the live weights. */
    public static final String MODEL_PREFIX = "model.";
    /** Prefix of the EMA state. */
    public static final String EMA_PREFIX = "ema.";
    /** Prefix of the optimizer state. */
    public static final String OPTIM_PREFIX = "optim.";
    private static final Pattern NAME = Pattern.compile("step-(\\d{8,})\\.safetensors");

    private Checkpoints() {
    }

    /** The file name of the checkpoint of {@code step}. */
    public static String fileName(long step) {
        return String.format("step-%08d.safetensors", step);
    }

    /** The checkpoint files in {@code dir}, oldest step first. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().forEach(out::add);
        }
        return out;
    }

    /** The newest checkpoint in {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) throws IOException {
        List<Path> all = list(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The step encoded in a checkpoint's file name. */
    public static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + ": not a checkpoint file name (step-NNNNNNNN.safetensors)");
        }
        return Long.parseLong(m.group(1));
    }

    /** Deletes all but the newest {@code keep} checkpoints in {@code dir}. */
    public static void prune(Path dir, int keep) throws IOException {
        List<Path> all = list(dir);
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** The entries of {@code parts} (prefix to tensors) as one list, for writing. */
    static List<TensorEntry> join(Map<String, Map<String, org.dadda.tensor.Tensor>> parts) {
        List<TensorEntry> out = new ArrayList<>();
        parts.forEach((prefix, tensors) -> out.addAll(ModelFiles.entries(prefix, tensors)));
        return out;
    }

    /** The part of {@code file} under {@code prefix}. */
    static LinkedHashMap<String, org.dadda.tensor.Tensor> part(SafeTensorsFile file, String prefix) {
        return ModelFiles.tensors(file, prefix);
    }
}
