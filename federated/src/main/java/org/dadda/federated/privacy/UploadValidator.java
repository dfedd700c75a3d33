package org.dadda.federated.privacy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's check of every upload it receives: the content must be exactly what the sender's
 * manifest declares, entry by entry (kind, path, defect type, pixel digest), and every entry must
 * be a normal image from {@code train/good} or a binary mask. Anything else, including any file
 * the manifest does not declare, is refused with a {@link PrivacyViolationException}.
 */
public final class UploadValidator {
    private UploadValidator() {
    }

    /**
     * Checks {@code upload} against the manifest {@code declared} that came with it.
     *
     * @throws PrivacyViolationException naming the first entry that is undeclared, missing,
     *     of another kind, or whose pixels differ from their declared digest
     */
    public static void validate(UploadManifest declared, ServerUpload upload) {
        if (!declared.node().equals(upload.nodeId()) || !declared.category().equals(upload.category())) {
            throw new PrivacyViolationException("upload from " + upload.nodeId() + "/" + upload.category()
                    + " came with the manifest of " + declared.node() + "/" + declared.category());
        }
        Map<String, UploadManifest.Entry> want = new HashMap<>();
        for (UploadManifest.Entry e : declared.entries()) {
            if (want.put(e.path(), e) != null) {
                throw new PrivacyViolationException("manifest of node " + declared.node() + " declares " + e.path() + " twice");
            }
        }
        List<UploadManifest.Entry> actual = upload.manifest().entries();
        for (UploadManifest.Entry a : actual) {
            UploadManifest.Entry d = want.remove(a.path());
            if (d == null) {
                throw new PrivacyViolationException("upload from node " + upload.nodeId() + " carries " + a.path()
                        + ", which its manifest does not declare");
            }
            if (d.kind() != a.kind() || !java.util.Objects.equals(d.defectType(), a.defectType())) {
                throw new PrivacyViolationException(a.path() + " is declared as " + d.kind() + "/" + d.defectType()
                        + " but is " + a.kind() + "/" + a.defectType());
            }
            if (!d.sha256().equals(a.sha256())) {
                throw new PrivacyViolationException(a.path() + ": its pixels do not match the digest in the manifest");
            }
        }
        if (!want.isEmpty()) {
            throw new PrivacyViolationException("upload from node " + upload.nodeId() + " lacks declared entries "
                    + want.keySet());
        }
        if (declared.height() != upload.height() || declared.width() != upload.width()) {
            throw new PrivacyViolationException("upload from node " + upload.nodeId() + " is " + upload.width() + "x"
                    + upload.height() + ", its manifest says " + declared.width() + "x" + declared.height());
        }
    }
}
