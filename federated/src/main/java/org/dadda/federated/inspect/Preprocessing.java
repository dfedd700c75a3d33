package org.dadda.federated.inspect;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Resize;
import org.dadda.federated.downstream.ImageBatches;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.Json;

/**
 * How an image becomes the models' input, exactly as training prepared it: any size and channel
 * count the readers accept, a gray image replicated to RGB, resized to the run's square
 * resolution (area average when shrinking, bilinear when growing, as {@link Resize} does for the
 * training data), then normalised per channel with the ImageNet statistics.
 *
 * @param resolution the side of the square the models see
 */
public record Preprocessing(int resolution) {
    /** The resize, as recorded in a bundle. */
    static final String RESIZE = "area average down, bilinear up, to resolution x resolution";

    /** @throws IllegalArgumentException when the resolution is not positive */
    public Preprocessing {
        if (resolution <= 0) {
            throw new IllegalArgumentException("preprocessing resolution must be positive, got " + resolution);
        }
    }

    /** One image, RGB at the models' resolution (not yet normalised). */
    public Image resize(Image image) {
        return Resize.image(image.toRgb(), resolution, resolution);
    }

    /** Already resized images as one normalised {@code [n, 3, resolution, resolution]} batch. */
    public Tensor batch(List<Image> resized) {
        return ImageBatches.images(resized, ImageBatches.range(0, resized.size()), null);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resolution", resolution);
        m.put("channels", 3);
        m.put("gray", "replicated to RGB");
        m.put("resize", RESIZE);
        m.put("mean", ImageBatches.mean());
        m.put("std", ImageBatches.std());
        return m;
    }

    /**
     * The preprocessing a bundle records.
     *
     * @throws IllegalArgumentException naming {@code what} when it asks for a normalisation this
     *     dadda does not apply
     */
    static Preprocessing fromJson(Map<String, Object> m, String what) {
        Preprocessing p = new Preprocessing(Json.number(m.get("resolution"), what + " preprocessing.resolution").intValue());
        if (!close(Json.doubles(m.get("mean"), what + " preprocessing.mean"), ImageBatches.mean())
                || !close(Json.doubles(m.get("std"), what + " preprocessing.std"), ImageBatches.std())) {
            throw new IllegalArgumentException(what + ": preprocessing mean/std " + m.get("mean") + "/" + m.get("std")
                    + " differ from the ImageNet statistics " + Arrays.toString(ImageBatches.mean()) + "/"
                    + Arrays.toString(ImageBatches.std()) + " this dadda applies");
        }
        return p;
    }

    private static boolean close(double[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-6) {
                return false;
            }
        }
        return true;
    }
}
