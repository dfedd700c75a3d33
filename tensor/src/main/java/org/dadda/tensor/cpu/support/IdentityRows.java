package org.dadda.tensor.cpu.support;

/** The identity row table ({@code rows[p] = p}) that makes the micro-kernel's B rows a strided matrix. */
public final class IdentityRows {

    private static volatile int[] identity = build(4096);

    private IdentityRows() {
    }

    private static int[] build(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    /** An identity table of at least {@code n} entries (shared, never modified). */
    public static int[] identity(int n) {
        int[] t = identity;
        if (t.length < n) {
            t = build(Math.max(n, 2 * t.length));
            identity = t;
        }
        return t;
    }
}
