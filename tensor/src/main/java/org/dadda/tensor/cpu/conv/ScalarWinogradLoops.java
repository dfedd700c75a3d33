package org.dadda.tensor.cpu.conv;

/** {@link WinogradLoops} in plain Java, one tile at a time. */
public final class ScalarWinogradLoops implements WinogradLoops {

    @Override
    public void split(float[] src, int from, int count, float[] even, int eOff, float[] odd, int oOff) {
        for (int q = 0; q < count; q++) {
            even[eOff + q] = src[from + 2 * q];
            odd[oOff + q] = src[from + 2 * q + 1];
        }
    }

    @Override
    public void input(float[] even, float[] odd, int half, int tx0, int tx1, float[] v, int dst, int plane) {
        for (int tx = tx0; tx < tx1; tx++) {
            inputTile(even, odd, half, tx, v, dst, plane);
        }
    }

    /** One tile of {@link #input}; also the tail of the vector loops. */
    static void inputTile(float[] even, float[] odd, int half, int tx, float[] v, int dst, int plane) {
        // Rows of B^T d: d0 - d2, d1 + d2, d2 - d1, d1 - d3, for the tile's four columns.
        float a0 = even[tx];
        float a1 = even[half + tx];
        float a2 = even[2 * half + tx];
        float a3 = even[3 * half + tx];
        float b0 = odd[tx];
        float b1 = odd[half + tx];
        float b2 = odd[2 * half + tx];
        float b3 = odd[3 * half + tx];
        float c0 = even[tx + 1];
        float c1 = even[half + tx + 1];
        float c2 = even[2 * half + tx + 1];
        float c3 = even[3 * half + tx + 1];
        float d0 = odd[tx + 1];
        float d1 = odd[half + tx + 1];
        float d2 = odd[2 * half + tx + 1];
        float d3 = odd[3 * half + tx + 1];
        int at = dst + tx;
        columns(a0 - a2, b0 - b2, c0 - c2, d0 - d2, v, at, 0, plane);
        columns(a1 + a2, b1 + b2, c1 + c2, d1 + d2, v, at, 4, plane);
        columns(a2 - a1, b2 - b1, c2 - c1, d2 - d1, v, at, 8, plane);
        columns(a1 - a3, b1 - b3, c1 - c3, d1 - d3, v, at, 12, plane);
    }

    /** Columns of one row of {@code B^T d}: c0 - c2, c1 + c2, c2 - c1, c1 - c3. */
    private static void columns(float c0, float c1, float c2, float c3, float[] v, int at, int pos, int plane) {
        v[pos * plane + at] = c0 - c2;
        v[(pos + 1) * plane + at] = c1 + c2;
        v[(pos + 2) * plane + at] = c2 - c1;
        v[(pos + 3) * plane + at] = c1 - c3;
    }

    @Override
    public void output(float[] m, int at, int plane, int tx0, int tx1, float[] y, int half) {
        for (int tx = tx0; tx < tx1; tx++) {
            outputTile(m, at, plane, tx, y, half);
        }
    }

    /** One tile of {@link #output}. */
    static void outputTile(float[] m, int at, int plane, int tx, float[] y, int half) {
        int i = at + tx;
        // Rows of A^T M: M0 + M1 + M2 and M1 - M2 - M3; then the same on columns.
        float s00 = m[i] + m[i + 4 * plane] + m[i + 8 * plane];
        float s01 = m[i + plane] + m[i + 5 * plane] + m[i + 9 * plane];
        float s02 = m[i + 2 * plane] + m[i + 6 * plane] + m[i + 10 * plane];
        float s03 = m[i + 3 * plane] + m[i + 7 * plane] + m[i + 11 * plane];
        float s10 = m[i + 4 * plane] - m[i + 8 * plane] - m[i + 12 * plane];
        float s11 = m[i + 5 * plane] - m[i + 9 * plane] - m[i + 13 * plane];
        float s12 = m[i + 6 * plane] - m[i + 10 * plane] - m[i + 14 * plane];
        float s13 = m[i + 7 * plane] - m[i + 11 * plane] - m[i + 15 * plane];
        y[tx] = s00 + s01 + s02;
        y[half + tx] = s01 - s02 - s03;
        y[2 * half + tx] = s10 + s11 + s12;
        y[3 * half + tx] = s11 - s12 - s13;
    }

    @Override
    public void outputGradient(float[] dy, int half, int tx0, int tx1, float[] dm, int at, int plane) {
        for (int tx = tx0; tx < tx1; tx++) {
            outputGradientTile(dy, half, tx, dm, at, plane);
        }
    }

    /** One tile of {@link #outputGradient}. */
    static void outputGradientTile(float[] dy, int half, int tx, float[] dm, int at, int plane) {
        float y00 = dy[tx];
        float y01 = dy[half + tx];
        float y10 = dy[2 * half + tx];
        float y11 = dy[3 * half + tx];
        int i = at + tx;
        // Rows of A dY: y0, y0 + y1, y0 - y1, -y1; then each row (u, v) -> (u, u + v, u - v, -v).
        row(y00, y01, dm, i, 0, plane);
        row(y00 + y10, y01 + y11, dm, i, 4, plane);
        row(y00 - y10, y01 - y11, dm, i, 8, plane);
        row(-y10, -y11, dm, i, 12, plane);
    }

    private static void row(float u, float v, float[] dm, int i, int pos, int plane) {
        dm[pos * plane + i] = u;
        dm[(pos + 1) * plane + i] = u + v;
        dm[(pos + 2) * plane + i] = u - v;
        dm[(pos + 3) * plane + i] = -v;
    }
}
