package org.dadda.federated.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.federated.run.Files2;
import org.dadda.nn.io.SafeTensors;
import org.dadda.nn.io.SafeTensorsFile;
import org.dadda.nn.io.TensorEntry;
import org.dadda.tensor.Tensor;

/** State dicts to and from safetensors files (written atomically). */
public final class WeightsIo {
    private WeightsIo() {
    }

    /** Writes {@code state} (in its iteration order) to {@code file}, creating folders as needed. */
    public static void save(Path file, Map<String, Tensor> state, Map<String, String> metadata) {
        LinkedHashMap<String, TensorEntry> entries = new LinkedHashMap<>();
        state.forEach((k, v) -> entries.put(k, new TensorEntry(k, v.shape(), v.toArray())));
        try {
            Files2.createDirectories(file.toAbsolutePath().getParent());
            SafeTensors.write(file, entries, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write weights " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a state dict from {@code file}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not valid safetensors
     */
    public static LinkedHashMap<String, Tensor> load(Path file) {
        return toTensors(read(file));
    }

    /** Reads a safetensors file with its metadata. */
    public static SafeTensorsFile read(Path file) {
        try {
            return SafeTensors.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("weights file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read weights " + file + ": " + e.getMessage(), e);
        }
    }

    /** The tensors of a read file, in file order. */
    public static LinkedHashMap<String, Tensor> toTensors(SafeTensorsFile f) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        f.entries().forEach((k, e) -> out.put(k, Tensor.fromArray(e.data(), e.shape())));
        return out;
    }
}
