package org.dadda.augment.util;

import java.nio.charset.StandardCharsets;

/** Derives independent seeds from a base seed and task coordinates, the same on every run. */
public final class Seeds {

    private Seeds() {
    }

    /** The SplitMix64 finaliser: a bijective mix of all 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A stable 64-bit hash of a string (FNV-1a over its UTF-8 bytes, then mixed). */
    public static long hash(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /**
     * A seed for one task: depends on every part and on their order, so that for example
     * (base, "crack", 3) and (base, "hole", 3) get unrelated streams.
     */
    public static long derive(long base, Object... parts) {
        long h = mix(base ^ 0x5DEECE66DL);
        for (Object p : parts) {
            long v = p instanceof Number n ? mix(n.longValue() + 0x632BE59BD9B4E019L) : hash(String.valueOf(p));
            h = mix(h * 31 + v);
        }
        return h;
    }
}
