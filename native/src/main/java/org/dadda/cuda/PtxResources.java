package org.dadda.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PTX modules packed in the jar under {@code org/dadda/cuda/ptx/}: {@code modules.txt} lists
 * them (build-ptx.sh writes it), each {@code NAME.ptx} holds one compiled {@code .cu} file.
 */
public final class PtxResources {
    /** Class-path folder of the PTX. */
    public static final String FOLDER = "org/dadda/cuda/ptx/";

    private PtxResources() {
    }

    /**
     * Every module's PTX text by module name, in the listed order.
     *
     * @throws IllegalStateException naming the missing resource
     */
    public static Map<String, String> load() {
        Map<String, String> modules = new LinkedHashMap<>();
        for (String line : read("modules.txt").split("\n")) {
            String name = line.strip();
            if (!name.isEmpty()) {
                modules.put(name, read(name + ".ptx"));
            }
        }
        return modules;
    }

    /** Which module declares each kernel entry. */
    public static Map<String, String> entryModules(Map<String, String> modules) {
        Map<String, String> where = new LinkedHashMap<>();
        modules.forEach((module, ptx) -> PtxEntries.parse(ptx).keySet().forEach(entry -> where.put(entry, module)));
        return where;
    }

    private static String read(String file) {
        String path = FOLDER + file;
        try (InputStream in = PtxResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("cuda backend: resource " + path + " is missing from the class path"
                        + " (the dadda-native jar carries it; run native/build-ptx.sh --update)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cuda backend: cannot read " + path, e);
        }
    }
}
