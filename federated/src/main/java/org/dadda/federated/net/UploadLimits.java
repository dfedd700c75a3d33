package org.dadda.federated.net;

/**
 * What the server accepts in one upload, checked before anything is decoded: a sender that
 * exceeds a bound is refused and nothing of its upload is kept.
 *
 * @param maxFiles files per upload (normal images and masks)
 * @param maxFileBytes bytes of one file
 * @param maxTotalBytes bytes of one upload
 * @param maxMessageBytes bytes of one gRPC message (a file travels in parts of at most {@link #PART_BYTES})
 */
public record UploadLimits(int maxFiles, long maxFileBytes, long maxTotalBytes, int maxMessageBytes) {
    /** Bytes of file data per message; files are sent in parts of this size. */
    public static final int PART_BYTES = 1 << 20;

    /** Checks the bounds. */
    public UploadLimits {
        if (maxFiles < 1 || maxFileBytes < 1 || maxTotalBytes < 1 || maxMessageBytes < PART_BYTES + 4096) {
            throw new IllegalArgumentException("upload limits must be positive and allow a " + PART_BYTES + "-byte part: "
                    + maxFiles + " files, " + maxFileBytes + " bytes a file, " + maxTotalBytes + " bytes in all, "
                    + maxMessageBytes + " bytes a message");
        }
    }

    /** 100,000 files, 64 MiB a file, 8 GiB an upload, 2 MiB a message. */
    public static UploadLimits defaults() {
        return new UploadLimits(100_000, 64L << 20, 8L << 30, 2 << 20);
    }
}
