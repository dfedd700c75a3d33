package org.dadda.nn.metrics;

/**
 * Input checks and the order-preserving float-to-int mapping shared by the ranking metrics.
 *
 * <p>Scores are sorted as packed {@code long}s ({@code key << 32 | payload}) so that millions of
 * pixels sort with a primitive sort and no boxing; the key is an int whose signed order equals the
 * float order of the score.
 */
final class ScoreKeys {

    private ScoreKeys() {
    }

    /**
     * Maps a finite score to an int with the same order. Negative zero is folded onto positive
     * zero because scikit-learn and torchmetrics find tied thresholds by subtraction, where
     * {@code -0.0 - 0.0 == 0}.
     */
    static int sortKey(float score) {
        int bits = Float.floatToRawIntBits(score == 0f ? 0f : score);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Inverse of {@link #sortKey(float)}. */
    static float score(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
    }

    /** Packs a sort key above a non-negative payload. */
    static long pack(int key, int payload) {
        return ((long) key << 32) | (payload & 0xffffffffL);
    }

    /** The sort key of a packed value. */
    static int key(long packed) {
        return (int) (packed >> 32);
    }

    /** The payload of a packed value. */
    static int payload(long packed) {
        return (int) packed;
    }

    /** Rejects NaN and infinite scores, which have no meaningful threshold (scikit-learn rejects them too). */
    static void requireFinite(float[] scores, String what) {
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + scores[i]
                        + "; scores must be finite");
            }
        }
    }

    /** Converts 0/1 labels to booleans, rejecting any other value. */
    static boolean[] binaryLabels(int[] labels, String what) {
        if (labels == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i];
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + v + "; binary labels must be 0 or 1");
            }
            out[i] = v == 1;
        }
        return out;
    }

    /**
     * Checks that scores and labels are present, non-empty and of equal length; a
     * {@code labelCount} of -1 stands for null labels.
     */
    static void requireSameLength(float[] scores, int labelCount, String scoresName, String labelsName) {
        if (scores == null) {
            throw new IllegalArgumentException(scoresName + " is null");
        }
        if (labelCount < 0) {
            throw new IllegalArgumentException(labelsName + " is null");
        }
        if (scores.length != labelCount) {
            throw new IllegalArgumentException("length mismatch: " + scoresName + " has " + scores.length
                    + " elements but " + labelsName + " has " + labelCount);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException(scoresName + " is empty");
        }
    }
}
