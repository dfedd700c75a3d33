package org.dadda.augment.ops;

/**
 * The quick shift window passes in plain Java. The loop order (row, row offset, column offset,
 * column) is the one the Vector API kernel uses, so both sum in the same order; the column
 * loops are static so that the vector kernel can finish the columns left after its last full
 * vector with exactly this arithmetic.
 */
final class QuickShiftScalarKernel implements QuickShift.Kernel {

    @Override
    public void densities(double[] f, int channels, int h, int w, int kw, double inv, double[] dens) {
        int n = h * w;
        for (int r = 0; r < h; r++) {
            int rowP = r * w;
            // Pairs in the same row go one way only; both directions are visited.
            for (int dc = -kw; dc <= kw; dc++) {
                sameRow(f, channels, n, rowP, dc, (double) dc * dc, inv, dens, Math.max(0, -dc), Math.min(w, w - dc));
            }
            // Pairs across rows are symmetric: one exp serves both pixels.
            for (int dr = 1; dr <= kw && r + dr < h; dr++) {
                int rowQ = (r + dr) * w;
                for (int dc = -kw; dc <= kw; dc++) {
                    double sp = (double) dr * dr + (double) dc * dc;
                    crossRows(f, channels, n, rowP, rowQ + dc, sp, inv, dens, Math.max(0, -dc), Math.min(w, w - dc));
                }
            }
        }
    }

    @Override
    public void parents(double[] f, int channels, int h, int w, int kw, double[] dens, int[] parent, double[] dist2) {
        int n = h * w;
        double[] closest = new double[w];
        double[] par = new double[w];
        for (int r = 0; r < h; r++) {
            int rowP = r * w;
            startRow(closest, par, rowP);
            int r0 = Math.max(0, r - kw);
            int r1 = Math.min(h, r + kw + 1);
            for (int r2 = r0; r2 < r1; r2++) {
                int dr = r2 - r;
                for (int dc = -kw; dc <= kw; dc++) {
                    double sp = (double) dr * dr + (double) dc * dc;
                    nearestDenser(f, channels, n, dens, rowP, r2 * w + dc, sp, closest, par, Math.max(0, -dc), Math.min(w, w - dc));
                }
            }
            endRow(closest, par, rowP, parent, dist2);
        }
    }

    /** Adds {@code exp(inv * d(p, p + dc))} to {@code dens[p]} for columns {@code [c0, c1)} of row {@code rowP}. */
    static void sameRow(double[] f, int channels, int n, int rowP, int dc, double sp, double inv, double[] dens, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            int p = rowP + c;
            dens[p] += FastExp.exp((dist(f, channels, n, p, p + dc) + sp) * inv);
        }
    }

    /** Adds the pair weight of pixels {@code rowP + c} and {@code rowQ + c} to both, for columns {@code [c0, c1)}. */
    static void crossRows(double[] f, int channels, int n, int rowP, int rowQ, double sp, double inv, double[] dens, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            int p = rowP + c;
            int q = rowQ + c;
            double e = FastExp.exp((dist(f, channels, n, p, q) + sp) * inv);
            dens[p] += e;
            dens[q] += e;
        }
    }

    /** Resets a row's running nearest-denser search: no candidate yet, parent is self. */
    static void startRow(double[] closest, double[] par, int rowP) {
        java.util.Arrays.fill(closest, Double.MAX_VALUE);
        for (int c = 0; c < par.length; c++) {
            par[c] = rowP + c;
        }
    }

    /** Offers candidate {@code rowQ + c} to pixel {@code rowP + c}, for columns {@code [c0, c1)}. */
    static void nearestDenser(double[] f, int channels, int n, double[] dens, int rowP, int rowQ, double sp,
                              double[] closest, double[] par, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            int p = rowP + c;
            int q = rowQ + c;
            if (dens[q] > dens[p]) {
                double d = dist(f, channels, n, p, q) + sp;
                if (d < closest[c]) {
                    closest[c] = d;
                    par[c] = q;
                }
            }
        }
    }

    /** Stores a finished row's parents (held as doubles, exact below 2^53) and squared distances. */
    static void endRow(double[] closest, double[] par, int rowP, int[] parent, double[] dist2) {
        for (int c = 0; c < par.length; c++) {
            parent[rowP + c] = (int) par[c];
        }
        System.arraycopy(closest, 0, dist2, rowP, closest.length);
    }

    /** Squared colour distance of pixels {@code p} and {@code q} over planar channels of {@code n} pixels. */
    static double dist(double[] f, int channels, int n, int p, int q) {
        double d = 0;
        for (int ch = 0; ch < channels; ch++) {
            double t = f[ch * n + p] - f[ch * n + q];
            d += t * t;
        }
        return d;
    }
}
