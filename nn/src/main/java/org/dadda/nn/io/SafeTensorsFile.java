package org.dadda.nn.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file, fully loaded and validated: its tensors (converted to
 * float), the dtype each was stored in, and the {@code __metadata__} string map.
 */
public final class SafeTensorsFile {

    private final Path path;
    private final Map<String, String> metadata;
    private final LinkedHashMap<String, TensorEntry> entries;
    private final Map<String, String> dtypes;

    SafeTensorsFile(Path path, Map<String, String> metadata, LinkedHashMap<String, TensorEntry> entries,
            Map<String, String> dtypes) {
        this.path = path;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.entries = entries;
        this.dtypes = Collections.unmodifiableMap(dtypes);
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map, empty when the file has none; unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensors by name, in the order of their data in the file. The map is a fresh copy the
     * caller may modify; the entries' arrays are shared.
     */
    public LinkedHashMap<String, TensorEntry> entries() {
        return new LinkedHashMap<>(entries);
    }

    /**
     * One tensor.
     *
     * @param name the tensor's name
     * @return the tensor
     * @throws IllegalArgumentException naming the file if there is no such tensor
     */
    public TensorEntry get(String name) {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(path + ": no tensor named " + name);
        }
        return entry;
    }

    /**
     * Whether a tensor of that name exists.
     *
     * @param name the tensor's name
     * @return true if the file holds it
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The dtype a tensor was stored as ({@code "F32"}, {@code "F16"} or {@code "BF16"}).
     *
     * @param name the tensor's name
     * @return its stored dtype
     * @throws IllegalArgumentException naming the file if there is no such tensor
     */
    public String dtype(String name) {
        get(name);
        return dtypes.get(name);
    }
}
