package org.dadda.augment.dam;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.augment.data.MvtecCategory;
import org.dadda.augment.data.SyntheticDatasetGenerator;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.image.Mask;

/**
 * A picture of the DAM's steps like the paper's Fig. 3: one row per sample, columns normal,
 * defective, ground truth, superpixels (boundaries in yellow on the normal image), aligned
 * (defective image after alignment, aligned ground truth outlined in red), new mask (white; the
 * grown defective region in grey) and the novel sample.
 *
 * <p>Command line: {@code Fig3Grid (--category DIR | --synthetic NAME) --out FILE.png [--size 128]
 * [--rows 3] [--seed 0] [--type TYPE]}.
 */
public final class Fig3Grid {

    /** Column titles, left to right. */
    public static final List<String> COLUMNS = List.of("Normal", "Defective", "GT", "Superpixels", "Aligned", "New mask", "Novel");

    private static final int GAP = 4;
    private static final int HEADER = 18;

    private Fig3Grid() {
    }

    /**
     * Lays out traced samples (see {@link DataAugmentationModule#sample(int, boolean)}) as one
     * RGB image without titles: rows of {@link #COLUMNS}, separated by white gaps.
     *
     * @throws IllegalArgumentException if the list is empty or a sample has no trace
     */
    public static Image compose(List<DamSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Fig. 3 grid needs at least one sample");
        }
        int s = samples.get(0).image().width();
        int hgt = samples.get(0).image().height();
        int cols = COLUMNS.size();
        int w = cols * s + (cols + 1) * GAP;
        int h = samples.size() * hgt + (samples.size() + 1) * GAP;
        Image grid = Image.zeros(3, h, w);
        java.util.Arrays.fill(grid.data(), 1f);
        for (int r = 0; r < samples.size(); r++) {
            DamSample x = samples.get(r);
            DamTrace t = x.trace();
            if (t == null) {
                throw new IllegalArgumentException("sample " + x.index() + " of '" + x.defectType() + "' has no trace; make it with sample(i, true)");
            }
            Image[] cells = {
                t.normal(), t.defective(), maskImage(t.groundTruth(), null), boundaries(t.normal(), t.superpixels()),
                outline(t.aligned(), t.alignedMask()), maskImage(x.mask(), t.defectiveRegion()), x.image(),
            };
            for (int c = 0; c < cols; c++) {
                paste(grid, cells[c].toRgb(), GAP + r * (hgt + GAP), GAP + c * (s + GAP));
            }
        }
        return grid;
    }

    /** Writes the grid with column titles as a PNG, atomically. */
    public static void write(List<DamSample> samples, Path png) {
        Image grid = compose(samples);
        BufferedImage body = ImageFiles.toBufferedImage(grid);
        ImageFiles.writePng(withTitles(body, samples.get(0).image().width()), png);
    }

    /**
     * Loads a category with the paper's split, runs the DAM for {@code rows} samples (defect types
     * in turn, or only {@code type} when not null) and writes the grid to {@code png}.
     */
    public static void run(Path categoryDir, Path png, int resolution, int rows, long seed, String type) {
        MvtecCategory cat = MvtecCategory.open(categoryDir);
        CategoryData data = CategoryData.load(cat, DatasetSplit.paper(cat, seed), resolution);
        List<String> types = type == null ? data.defectTypes() : List.of(type);
        DamConfig config = DamConfig.defaults(data.kind(), seed);
        List<DataAugmentationModule> dams = new ArrayList<>();
        for (String t : types) {
            dams.add(new DataAugmentationModule(config, t, CategoryData.images(data.trainGood()),
                CategoryData.images(data.trainDefective(t)), CategoryData.masks(data.trainDefective(t))));
        }
        List<DamSample> samples = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            samples.add(dams.get(r % dams.size()).sample(r / dams.size(), true));
        }
        write(samples, png);
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Path category = null;
        String synthetic = null;
        Path out = null;
        int size = 128;
        int rows = 3;
        long seed = 0;
        String type = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--category" -> category = Path.of(v);
                case "--synthetic" -> synthetic = v;
                case "--out" -> out = Path.of(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--rows" -> rows = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--type" -> type = v;
                default -> usage("unknown option " + a);
            }
        }
        if (out == null || (category == null) == (synthetic == null)) {
            usage("need --out and exactly one of --category and --synthetic");
        }
        Path tmp = null;
        try {
            if (synthetic != null) {
                tmp = Files.createTempDirectory("dadda-synthetic");
                SyntheticDatasetGenerator.Settings d = SyntheticDatasetGenerator.Settings.defaults(seed);
                category = new SyntheticDatasetGenerator(new SyntheticDatasetGenerator.Settings(size, d.trainGood(), d.testGood(), d.perDefectType(), seed))
                    .writeCategory(synthetic, tmp);
            }
            run(category, out, size, rows, seed, type);
            System.err.println("wrote " + out.toAbsolutePath());
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static void usage(String why) {
        System.err.println("Fig3Grid: " + why);
        System.err.println("usage: Fig3Grid (--category DIR | --synthetic NAME) --out FILE.png [--size 128] [--rows 3] [--seed 0] [--type TYPE]");
        System.err.println("synthetic categories: " + SyntheticDatasetGenerator.categories());
        System.exit(2);
    }

    private static BufferedImage withTitles(BufferedImage body, int cell) {
        BufferedImage out = new BufferedImage(body.getWidth(), body.getHeight() + HEADER, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(body, 0, HEADER, null);
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                for (int c = 0; c < COLUMNS.size(); c++) {
                    String title = COLUMNS.get(c);
                    int tw = g.getFontMetrics().stringWidth(title);
                    g.drawString(title, GAP + c * (cell + GAP) + (cell - tw) / 2, HEADER - 4);
                }
            } catch (RuntimeException | Error fontTrouble) {
                // A headless JVM without fonts cannot draw text; the picture is still worth having.
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Image boundaries(Image image, LabelMap labels) {
        Image out = image.toRgb().copy();
        int h = labels.height();
        int w = labels.width();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = labels.get(y, x);
                boolean edge = (x + 1 < w && labels.get(y, x + 1) != l) || (y + 1 < h && labels.get(y + 1, x) != l);
                if (edge) {
                    out.set(0, y, x, 1f);
                    out.set(1, y, x, 1f);
                    out.set(2, y, x, 0f);
                }
            }
        }
        return out;
    }

    private static Image outline(Image image, Mask mask) {
        Image out = image.toRgb().copy();
        int h = mask.height();
        int w = mask.width();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask.get(y, x) && (x == 0 || y == 0 || x == w - 1 || y == h - 1
                    || !mask.get(y - 1, x) || !mask.get(y + 1, x) || !mask.get(y, x - 1) || !mask.get(y, x + 1))) {
                    out.set(0, y, x, 1f);
                    out.set(1, y, x, 0f);
                    out.set(2, y, x, 0f);
                }
            }
        }
        return out;
    }

    private static Image maskImage(Mask mask, Mask context) {
        Image out = Image.zeros(3, mask.height(), mask.width());
        int n = mask.height() * mask.width();
        for (int i = 0; i < n; i++) {
            float v = mask.bits()[i] ? 1f : (context != null && context.bits()[i] ? 0.3f : 0f);
            out.data()[i] = v;
            out.data()[n + i] = v;
            out.data()[2 * n + i] = v;
        }
        return out;
    }

    private static void paste(Image dst, Image src, int y0, int x0) {
        int dn = dst.planeSize();
        int sn = src.planeSize();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < src.height(); y++) {
                System.arraycopy(src.data(), c * sn + y * src.width(), dst.data(), c * dn + (y0 + y) * dst.width() + x0, src.width());
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary folder " + root, e);
        }
    }
}
