package org.dadda.federated.privacy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;

/** Small hand-made category folders and uploads for the privacy tests. */
public final class UploadFixtures {
    private UploadFixtures() {
    }

    /** A deterministic RGB test image whose pixels depend on {@code seed}. */
    public static Image image(int size, int seed) {
        float[] d = new float[3 * size * size];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((i * 31 + seed * 17) % 251) / 250f;
        }
        return new Image(3, size, size, d);
    }

    /** A square mask with a block set at {@code (y, x)}. */
    public static Mask mask(int size, int y, int x) {
        Mask m = Mask.empty(size, size);
        for (int i = y; i < Math.min(size, y + 3); i++) {
            for (int j = x; j < Math.min(size, x + 3); j++) {
                m.set(i, j, true);
            }
        }
        return m;
    }

    /** Writes {@code count} good images into {@code categoryDir/train/good} and returns their names. */
    public static List<String> writeGood(Path categoryDir, int count, int size) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%03d.png", i);
            ImageFiles.writePng(image(size, i), categoryDir.resolve("train/good/" + name));
            names.add(name);
        }
        return names;
    }

    /** An upload of every good image of {@code categoryDir} and two masks per type. */
    public static ServerUpload upload(String node, String category, Path categoryDir, List<String> goods, int size,
                                      List<String> types) {
        List<NormalImage> normals = new ArrayList<>();
        for (String g : goods) {
            normals.add(NormalImage.read(categoryDir, g, size));
        }
        List<LabelledMask> masks = new ArrayList<>();
        int k = 0;
        for (String t : types) {
            for (int i = 0; i < 2; i++) {
                masks.add(new LabelledMask(String.format("%03d", k), t, mask(size, k % size, (3 * k) % size)));
                k++;
            }
        }
        return new ServerUpload(node, category, normals, masks);
    }
}
