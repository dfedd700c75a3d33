package org.dadda.tensor.cpu.conv;

/**
 * The inner loops of Winograd's F(2x2, 3x3) transforms over one run of consecutive tiles
 * {@code [tx0, tx1)} of a tile row, in layouts where every operand is contiguous in the tile index:
 * the input's even and odd columns are split beforehand, and the 2x2 outputs (or output gradients)
 * sit in four arrays. Each output is one addition or subtraction of the same operands in every
 * implementation, so the Vector API and scalar loops give the same bits.
 */
public interface WinogradLoops {

    /** {@code even[eOff + q] = src[from + 2q]} and {@code odd[oOff + q] = src[from + 2q + 1]} for {@code q < count}. */
    void split(float[] src, int from, int count, float[] even, int eOff, float[] odd, int oOff);

    /**
     * {@code v[pos * plane + dst + tx] = (B^T d B)[pos]} for the tiles {@code [tx0, tx1)}, where row
     * {@code i} (0..3) of tile {@code tx}'s 4x4 input is {@code even[i*half + tx], odd[i*half + tx],
     * even[i*half + tx + 1], odd[i*half + tx + 1]}.
     */
    void input(float[] even, float[] odd, int half, int tx0, int tx1, float[] v, int dst, int plane);

    /**
     * {@code y[k * half + tx]} for {@code k} = (0,0), (0,1), (1,0), (1,1) of {@code A^T M A}, where
     * {@code M[pos] = m[pos * plane + at + tx]}, for the tiles {@code [tx0, tx1)}.
     */
    void output(float[] m, int at, int plane, int tx0, int tx1, float[] y, int half);

    /**
     * {@code dm[pos * plane + at + tx] = (A dY A^T)[pos]}, where the 2x2 output gradient of tile
     * {@code tx} is {@code dy[k * half + tx]} for {@code k} = (0,0), (0,1), (1,0), (1,1).
     */
    void outputGradient(float[] dy, int half, int tx0, int tx1, float[] dm, int at, int plane);
}
