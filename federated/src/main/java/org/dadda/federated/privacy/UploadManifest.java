package org.dadda.federated.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declaration that travels with every upload: one entry per file, each with its kind, its
 * path inside the category folder and the SHA-256 of its pixels. Only two kinds exist,
 * {@code normal} ({@code train/good/NAME}) and {@code mask}
 * ({@code ground_truth/TYPE/NAME_mask.png}); a manifest that names any other kind or path is a
 * privacy violation, not a format error.
 *
 * @param node the sending node's id
 * @param category the category the upload belongs to
 * @param height image and mask height in pixels
 * @param width image and mask width in pixels
 * @param entries one per file, normals first
 */
public record UploadManifest(String node, String category, int height, int width, List<Entry> entries) {
    /** Format tag written into every manifest. */
    public static final String FORMAT = "dadda-upload/1";

    /** The two things an upload may hold. */
    public enum Kind {
        /** A normal image from {@code train/good}. */
        NORMAL,
        /** A binary defect mask with its defect type. */
        MASK
    }

    /**
     * One file of an upload.
     *
     * @param kind normal image or mask
     * @param path path relative to the category folder
     * @param defectType the mask's defect type; null for a normal image
     * @param sha256 digest of the pixels ({@link Digests})
     */
    public record Entry(Kind kind, String path, String defectType, String sha256) {
        /** Checks that the path is where an entry of this kind must live. */
        public Entry {
            if (kind == null || path == null || sha256 == null) {
                throw new PrivacyViolationException("upload manifest entry with a missing kind, path or sha256");
            }
            if (kind == Kind.NORMAL) {
                if (defectType != null) {
                    throw new PrivacyViolationException("normal image " + path + " carries a defect type '" + defectType + "'");
                }
                if (!path.startsWith(NormalImage.GOOD_FOLDER + "/")) {
                    throw new PrivacyViolationException("normal image entry " + path + " is not under " + NormalImage.GOOD_FOLDER);
                }
                NormalImage.checkName(path.substring(NormalImage.GOOD_FOLDER.length() + 1));
            } else {
                if (defectType == null || !path.startsWith("ground_truth/" + defectType + "/") || !path.endsWith("_mask.png")
                        || path.substring(("ground_truth/" + defectType + "/").length()).contains("/")) {
                    throw new PrivacyViolationException("mask entry " + path + " (defect type " + defectType
                            + ") is not of the form ground_truth/TYPE/NAME_mask.png");
                }
            }
        }
    }

    /** Copies the entry list. */
    public UploadManifest {
        entries = List.copyOf(entries);
    }

    /** The manifest as plain JSON values. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("node", node);
        m.put("category", category);
        m.put("height", height);
        m.put("width", width);
        List<Object> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("kind", e.kind().name().toLowerCase());
            j.put("path", e.path());
            if (e.defectType() != null) {
                j.put("defect_type", e.defectType());
            }
            j.put("sha256", e.sha256());
            list.add(j);
        }
        m.put("entries", list);
        return m;
    }

    /**
     * Reads a manifest from parsed JSON.
     *
     * @throws PrivacyViolationException when an entry has a kind other than normal or mask, or a
     *     path where such an entry may not live
     * @throws IllegalArgumentException naming {@code source} and the field when the JSON is malformed
     */
    public static UploadManifest fromJson(Object json, String source) {
        Map<?, ?> m = asMap(json, source);
        if (!FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException(source + ": field 'format' must be '" + FORMAT + "', got " + m.get("format"));
        }
        Object rawEntries = m.get("entries");
        if (!(rawEntries instanceof List<?> raw)) {
            throw new IllegalArgumentException(source + ": field 'entries' must be an array");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Map<?, ?> e = asMap(raw.get(i), source + " entries[" + i + "]");
            String kind = str(e, "kind", source + " entries[" + i + "]");
            Kind k;
            if (kind.equals("normal")) {
                k = Kind.NORMAL;
            } else if (kind.equals("mask")) {
                k = Kind.MASK;
            } else {
                throw new PrivacyViolationException(source + " entries[" + i + "]: kind '" + kind
                        + "' may not cross to the server (only 'normal' and 'mask')");
            }
            Object type = e.get("defect_type");
            try {
                entries.add(new Entry(k, str(e, "path", source + " entries[" + i + "]"), type == null ? null : type.toString(),
                        str(e, "sha256", source + " entries[" + i + "]")));
            } catch (IllegalArgumentException v) {
                String at = source + " entries[" + i + "]: ";
                if (v.getMessage() != null && v.getMessage().contains(source)) {
                    throw v;
                }
                throw v instanceof PrivacyViolationException ? new PrivacyViolationException(at + v.getMessage())
                        : new IllegalArgumentException(at + v.getMessage(), v);
            }
        }
        return new UploadManifest(str(m, "node", source), str(m, "category", source), integer(m, "height", source),
                integer(m, "width", source), entries);
    }

    private static Map<?, ?> asMap(Object json, String source) {
        if (!(json instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        return m;
    }

    private static String str(Map<?, ?> m, String key, String source) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be a string, got " + v);
        }
        return s;
    }

    private static int integer(Map<?, ?> m, String key, String source) {
        Object v = m.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() <= 0) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be a positive integer, got " + v);
        }
        return n.intValue();
    }
}
