package org.dadda.federated.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Resize;

/**
 * A normal (defect-free) training image: the only kind of image that may cross from a local node
 * to the central server (the paper's eq. 3, {@code (I'_i, y_i) | y_i = 0}).
 *
 * <p>The type carries its own proof of origin: the only way to make one is to read a file from
 * the {@code train/good} folder of a category in MVTec layout. There is no constructor that takes
 * pixels, so code that holds a defective image, acquired or augmented, has no way to put it into
 * a {@code NormalImage} short of writing it into {@code train/good} first.
 */
public final class NormalImage {
    /** The folder, relative to a category, every normal image comes from. */
    public static final String GOOD_FOLDER = "train/good";

    private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String name;
    private final Image image;
    private final String digest;

    private NormalImage(String name, Image image) {
        this.name = name;
        this.image = image;
        this.digest = Digests.of(image);
    }

    /**
     * Reads {@code categoryDir/train/good/fileName} as RGB and, when {@code size > 0}, resizes it
     * to {@code size x size}.
     *
     * @throws IllegalArgumentException naming the file when the name is not a plain file name, the
     *     file is missing or it is not an image
     */
    public static NormalImage read(Path categoryDir, String fileName, int size) {
        checkName(fileName);
        Path file = categoryDir.resolve(GOOD_FOLDER).resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("normal image " + file + " does not exist");
        }
        Image img = ImageFiles.readRgb(file);
        if (size > 0 && (img.width() != size || img.height() != size)) {
            img = Resize.image(img, size, size);
        }
        return new NormalImage(fileName, img.clamp01());
    }

    /** Throws unless {@code fileName} is a plain name (no folder part, no leading dot). */
    static void checkName(String fileName) {
        if (fileName == null || !SIMPLE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not a plain file name of " + GOOD_FOLDER);
        }
    }

    /** The file name inside {@code train/good}. */
    public String name() {
        return name;
    }

    /** Where it came from, relative to its category: {@code train/good/NAME}. */
    public String source() {
        return GOOD_FOLDER + "/" + name;
    }

    /** A copy of the pixels (the original stays untouched by callers). */
    public Image image() {
        return image.copy();
    }

    /** Width in pixels. */
    public int width() {
        return image.width();
    }

    /** Height in pixels. */
    public int height() {
        return image.height();
    }

    /** Number of channels (3). */
    public int channels() {
        return image.channels();
    }

    /** SHA-256 of the 8-bit pixels, as written to the upload manifest. */
    public String digest() {
        return digest;
    }
}
