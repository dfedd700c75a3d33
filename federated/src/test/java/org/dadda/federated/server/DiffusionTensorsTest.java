package org.dadda.federated.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A grayscale category stays grayscale through the generators. */
class DiffusionTensorsTest {
    private static Image rgb(float r, float g, float b) {
        Image im = Image.zeros(3, 2, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                im.set(0, y, x, r);
                im.set(1, y, x, g);
                im.set(2, y, x, b);
            }
        }
        return im;
    }

    @Test
    void grayImagesReadAsRgbGiveOneChannel() {
        assertEquals(1, DiffusionTensors.channels(List.of(rgb(0.2f, 0.2f, 0.2f), Image.zeros(1, 2, 2))));
        assertEquals(3, DiffusionTensors.channels(List.of(rgb(0.2f, 0.2f, 0.2f), rgb(0.2f, 0.3f, 0.2f))));
    }

    @Test
    void oneChannelTensorsRoundTripAsOneChannelImages() {
        Tensor t = DiffusionTensors.images(List.of(rgb(0.25f, 0.25f, 0.25f)), 1);
        assertArrayEquals(new int[] {1, 1, 2, 2}, t.shape());
        assertEquals(-0.5f, t.toArray()[0], 1e-6f);
        Image back = DiffusionTensors.toImages(t).get(0);
        assertEquals(1, back.channels());
        assertEquals(0.25f, back.get(0, 1, 1), 1e-6f);
        assertArrayEquals(new int[] {1, 3, 2, 2}, DiffusionTensors.images(List.of(Image.zeros(1, 2, 2))).shape());
    }
}
