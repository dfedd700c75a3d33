package org.dadda.federated.privacy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a local node sends to the central server in stage 1: normal images and augmented masks
 * with their defect labels, and nothing else (the paper's eq. 3).
 *
 * <p>The boundary is structural: the only image type this class accepts is {@link NormalImage},
 * which can only be read from a {@code train/good} folder, and masks are {@link LabelledMask}s of
 * one bit per pixel. No field, constructor or method takes any other image. The server checks
 * each received upload again with {@link UploadValidator}.
 */
public final class ServerUpload {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String nodeId;
    private final String category;
    private final List<NormalImage> normals;
    private final List<LabelledMask> masks;

    /**
     * An upload of {@code normals} and {@code masks} from node {@code nodeId} for {@code category}.
     *
     * @throws IllegalArgumentException when an id is not a plain token, the upload is empty, names
     *     repeat, or images and masks differ in size
     */
    public ServerUpload(String nodeId, String category, List<NormalImage> normals, List<LabelledMask> masks) {
        requireToken("node id", nodeId);
        requireToken("category", category);
        if (normals.isEmpty() && masks.isEmpty()) {
            throw new IllegalArgumentException("upload from node " + nodeId + " for " + category + " is empty");
        }
        this.nodeId = nodeId;
        this.category = category;
        this.normals = List.copyOf(normals);
        this.masks = List.copyOf(masks);
        int h = -1;
        int w = -1;
        Set<String> seen = new HashSet<>();
        for (NormalImage n : this.normals) {
            if (!seen.add(n.source())) {
                throw new IllegalArgumentException("upload from node " + nodeId + " repeats normal image " + n.source());
            }
            if (h < 0) {
                h = n.height();
                w = n.width();
            } else if (n.height() != h || n.width() != w) {
                throw new IllegalArgumentException("normal image " + n.source() + " is " + n.width() + "x" + n.height()
                        + ", the upload's other images are " + w + "x" + h);
            }
        }
        for (LabelledMask m : this.masks) {
            if (!seen.add(maskPath(m))) {
                throw new IllegalArgumentException("upload from node " + nodeId + " repeats mask " + maskPath(m));
            }
            if (h < 0) {
                h = m.height();
                w = m.width();
            } else if (m.height() != h || m.width() != w) {
                throw new IllegalArgumentException("mask " + maskPath(m) + " is " + m.width() + "x" + m.height()
                        + ", the upload's images are " + w + "x" + h);
            }
        }
    }

    private static void requireToken(String what, String v) {
        if (v == null || !TOKEN.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " '" + v + "' must be a plain token (letters, digits, . _ -)");
        }
    }

    /** Where a mask lives in an upload's category folder: {@code ground_truth/TYPE/NAME_mask.png}. */
    public static String maskPath(LabelledMask m) {
        return "ground_truth/" + m.defectType() + "/" + m.name() + "_mask.png";
    }

    /** The sending node. */
    public String nodeId() {
        return nodeId;
    }

    /** The category. */
    public String category() {
        return category;
    }

    /** The normal images. */
    public List<NormalImage> normals() {
        return normals;
    }

    /** The labelled masks. */
    public List<LabelledMask> masks() {
        return masks;
    }

    /** The defect types present among the masks, sorted. */
    public List<String> defectTypes() {
        TreeSet<String> t = new TreeSet<>();
        for (LabelledMask m : masks) {
            t.add(m.defectType());
        }
        return new ArrayList<>(t);
    }

    /** Height of every image and mask. */
    public int height() {
        return normals.isEmpty() ? masks.get(0).height() : normals.get(0).height();
    }

    /** Width of every image and mask. */
    public int width() {
        return normals.isEmpty() ? masks.get(0).width() : normals.get(0).width();
    }

    /** The manifest describing exactly this content. */
    public UploadManifest manifest() {
        List<UploadManifest.Entry> entries = new ArrayList<>();
        for (NormalImage n : normals) {
            entries.add(new UploadManifest.Entry(UploadManifest.Kind.NORMAL, n.source(), null, n.digest()));
        }
        for (LabelledMask m : masks) {
            entries.add(new UploadManifest.Entry(UploadManifest.Kind.MASK, maskPath(m), m.defectType(), m.digest()));
        }
        return new UploadManifest(nodeId, category, height(), width(), entries);
    }
}
