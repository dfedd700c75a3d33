package org.dadda.federated.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.data.DefectiveFile;
import org.dadda.augment.image.ImageFiles;
import org.dadda.federated.privacy.Digests;
import org.dadda.federated.privacy.UploadManifest;

/**
 * The node operator's check of what left the plant ({@code dadda node audit}): against the
 * node's {@link SentLog}, no defective image of the node (training or test split, at its own
 * size or at the run's resolution) is among the files sent, every image sent is one of the
 * node's normal training images, and every mask sent is a DAM mask, never a real one.
 */
public final class UploadAudit {

    /**
     * What the audit found.
     *
     * @param filesSent files the log records
     * @param uploads uploads (log lines)
     * @param violations one line per file that should not have left, naming it; empty when clean
     */
    public record Result(int filesSent, int uploads, List<String> violations) {
        /** Whether nothing wrong was found. */
        public boolean clean() {
            return violations.isEmpty();
        }
    }

    private UploadAudit() {
    }

    /** Audits the log in {@code nodeDir} against the node's data and its DAM pairs. */
    public static Result audit(Path nodeDir, NodeData data, Map<String, List<LabelledPair>> dam) {
        Map<String, String> defective = new HashMap<>();
        Map<String, String> realMasks = new HashMap<>();
        for (Map<String, List<LabelledPair>> split : List.of(data.trainDefective(), data.testDefective())) {
            for (List<LabelledPair> pairs : split.values()) {
                for (LabelledPair p : pairs) {
                    defective.put(Digests.of(p.image()), "defective image " + p.type() + "/" + p.name());
                    realMasks.put(Digests.of(p.mask()), "real mask " + p.type() + "/" + p.name());
                }
            }
        }
        // The originals too, at their own size: a node could have sent an image before resizing it.
        for (String type : data.defectTypes()) {
            for (DefectiveFile f : data.category().defective(type)) {
                defective.put(Digests.of(ImageFiles.read(f.image())), "defective image " + type + "/" + f.image().getFileName()
                        + " (original size)");
            }
        }
        Set<String> normals = new HashSet<>();
        for (CategoryData.Sample s : data.trainGood()) {
            normals.add(Digests.of(s.image()));
        }
        Set<String> damMasks = new HashSet<>();
        for (List<LabelledPair> pairs : dam.values()) {
            for (LabelledPair p : pairs) {
                damMasks.add(Digests.of(p.mask()));
            }
        }
        List<SentLog.Entry> sent = SentLog.read(nodeDir);
        List<String> violations = new ArrayList<>();
        Set<Integer> uploads = new HashSet<>();
        for (SentLog.Entry e : sent) {
            uploads.add(e.line());
            String where = e.path() + " (sent " + e.time() + " to " + e.to() + ")";
            if (defective.containsKey(e.sha256())) {
                violations.add(where + " is " + defective.get(e.sha256()));
            } else if (realMasks.containsKey(e.sha256())) {
                violations.add(where + " is " + realMasks.get(e.sha256()) + ", not a DAM mask");
            } else if (e.kind() == UploadManifest.Kind.NORMAL && !normals.contains(e.sha256())) {
                violations.add(where + " is not one of the node's normal training images");
            } else if (e.kind() == UploadManifest.Kind.MASK && !damMasks.contains(e.sha256())) {
                violations.add(where + " is not one of the node's DAM masks");
            }
        }
        return new Result(sent.size(), uploads.size(), violations);
    }
}
