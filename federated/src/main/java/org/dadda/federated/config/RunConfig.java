package org.dadda.federated.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a run folder was made with, kept in {@code RUN/run.json} so that every later
 * command on the same folder uses the same profile, seed and data.
 *
 * @param profile the profile
 * @param seed the base seed of every random choice
 * @param data the dataset root (a folder of category folders), or null for a server-only run
 *     folder, which never reads images
 */
public record RunConfig(Profile profile, long seed, Path data) {
    /** Format tag of run.json. */
    public static final String FORMAT = "dadda-run/1";

    /** As plain JSON values. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("seed", seed);
        m.put("data", data == null ? null : data.toAbsolutePath().normalize().toString());
        m.put("profile", profile.toMap());
        return m;
    }

    /**
     * Reads the JSON {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException naming {@code source} and the field when malformed
     */
    public static RunConfig fromJson(Object json, String source) {
        if (!(json instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException(source + " is not a " + FORMAT + " run configuration");
        }
        if (!(m.get("seed") instanceof Number seed) || !(m.get("data") == null || m.get("data") instanceof String)
                || !(m.get("profile") instanceof Map<?, ?> profile)) {
            throw new IllegalArgumentException(source + ": fields 'seed', 'data' and 'profile' are required");
        }
        Object data = m.get("data");
        Profile p;
        try {
            p = Profile.fromMap(profile, source + " profile");
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().contains(source) ? e
                    : new IllegalArgumentException(source + " profile: " + e.getMessage(), e);
        }
        try {
            return new RunConfig(p, seed.longValue(), data == null ? null : Path.of((String) data));
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(source + ": field 'data' is not a path: " + e.getMessage(), e);
        }
    }
}
