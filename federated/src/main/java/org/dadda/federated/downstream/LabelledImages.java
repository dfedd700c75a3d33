package org.dadda.federated.downstream;

import java.util.ArrayList;
import java.util.List;
import org.dadda.augment.image.Image;

/**
 * Images with class labels in {@code [0, classes)}: a training or test set of the defect-type
 * classifier F_cls.
 *
 * @param images the images, all of one size
 * @param labels one label per image
 * @param classNames the class names, by label
 */
public record LabelledImages(List<Image> images, int[] labels, List<String> classNames) {
    /** Checks lengths and label range. */
    public LabelledImages {
        images = List.copyOf(images);
        classNames = List.copyOf(classNames);
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside [0, " + classNames.size() + ")");
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** This set followed by {@code other} (same classes). */
    public LabelledImages concat(LabelledImages other) {
        if (!other.classNames.equals(classNames)) {
            throw new IllegalArgumentException("cannot join sets with classes " + classNames + " and " + other.classNames);
        }
        List<Image> im = new ArrayList<>(images);
        im.addAll(other.images);
        int[] l = new int[labels.length + other.labels.length];
        System.arraycopy(labels, 0, l, 0, labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new LabelledImages(im, l, classNames);
    }

    /** The share of the most frequent class: the accuracy of always guessing it. */
    public double majorityShare() {
        int[] count = new int[classes()];
        int best = 0;
        for (int l : labels) {
            best = Math.max(best, ++count[l]);
        }
        return labels.length == 0 ? Double.NaN : best / (double) labels.length;
    }
}
