package org.dadda.federated.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * A failure that a full disk, a file-size limit or an unwritable folder caused, told as one line
 * that says what to do. Every output is written through a temporary file and a rename, so such a
 * failure leaves no truncated file behind and a re-run resumes.
 */
final class ResourceHint {
    private ResourceHint() {
    }

    /** The line for {@code failure}, or null when no resource limit caused it. */
    static String of(Throwable failure) {
        IOException deepest = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                deepest = io;
            }
        }
        if (deepest == null) {
            return null;
        }
        String reason = deepest instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(deepest.getMessage());
        String m = reason.toLowerCase(Locale.ROOT);
        String where = firstPath(failure);
        if (m.contains("no space left") || m.contains("disk quota") || m.contains("file too large")) {
            return "the disk is full or a file-size limit was reached while writing " + where + " (" + reason
                    + "): free space there (or raise the limit) and run the same command again, or use another --out;"
                    + " nothing half-written was kept";
        }
        if (deepest instanceof AccessDeniedException || m.contains("read-only file system") || m.contains("permission denied")
                || m.contains("operation not permitted")) {
            return "cannot write " + where + " (" + reason + "): use an --out folder you can write to";
        }
        return null;
    }

    /** The file named by the first "cannot write FILE: ..." message along the cause chain. */
    private static String firstPath(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf("cannot write ");
            if (at >= 0) {
                String rest = m.substring(at + 13);
                int colon = rest.indexOf(": ");
                return colon > 0 ? rest.substring(0, colon) : rest;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getFile() != null) {
                return fs.getFile();
            }
        }
        return "into the run folder";
    }
}
