package org.dadda.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels a PTX module declares: each {@code .entry name(.param ...)} with its parameter
 * types, read from the PTX text. The backend uses it to find which module holds a kernel, and
 * tests use it to check {@link Kernels} against the committed PTX without a GPU.
 */
public final class PtxEntries {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_$][\\w$]*)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile(
            "\\.param\\s+(?:\\.align\\s+\\d+\\s+)?\\.(\\w+)\\s+[\\w$]+(?:\\[(\\d+)])?");

    private PtxEntries() {
    }

    /**
     * Every entry of {@code ptx} and its parameters, in file order.
     *
     * @throws IllegalArgumentException naming the entry and parameter whose type is not one the backend passes
     */
    public static Map<String, List<Param>> parse(String ptx) {
        Map<String, List<Param>> entries = new LinkedHashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            List<Param> params = new ArrayList<>();
            Matcher p = PARAM.matcher(e.group(2));
            while (p.find()) {
                params.add(param(e.group(1), p.group(1), p.group(2)));
            }
            entries.put(e.group(1), params);
        }
        return entries;
    }

    private static Param param(String entry, String type, String arrayLength) {
        if (arrayLength != null) {
            int bytes = Integer.parseInt(arrayLength) * Integer.parseInt(type.substring(1)) / 8;
            return new Param(Param.Kind.STRUCT, bytes);
        }
        return switch (type) {
            case "u64", "s64", "b64" -> Param.POINTER;
            case "u32", "s32", "b32" -> Param.INT;
            case "f32" -> Param.FLOAT;
            default -> throw new IllegalArgumentException("PTX entry " + entry + " has a ." + type
                    + " parameter, which the CUDA backend does not pass");
        };
    }
}
