package org.dadda.augment.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {

    private static Image ramp(int c, int h, int w, float offset) {
        Image im = Image.zeros(c, h, w);
        for (int i = 0; i < im.data().length; i++) {
            im.data()[i] = (i % 11) / 10f * 0.5f + offset;
        }
        return im;
    }

    @Test
    void imagesRoundTripInBothRanges() {
        List<Image> ims = List.of(ramp(3, 4, 5, 0), ramp(3, 4, 5, 0.5f));
        for (ImageTensors.Range r : ImageTensors.Range.values()) {
            Tensor t = ImageTensors.toTensor(ims, r);
            assertArrayEquals(new int[] {2, 3, 4, 5}, t.shape());
            List<Image> back = ImageTensors.toImages(t, r);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(ims.get(i).data(), back.get(i).data(), 1e-6f);
            }
        }
        Tensor t = ImageTensors.toTensor(ims.get(0), ImageTensors.Range.MINUS_ONE_ONE);
        assertEquals(-1f, t.toArray()[0], 1e-6f);
        assertEquals(0f, t.toArray()[10], 1e-6f);
    }

    @Test
    void outputsAreClampedAndMasksThresholded() {
        Tensor t = Tensor.fromArray(new float[] {-3f, 0f, 0.5f, 3f}, 1, 1, 2, 2);
        Image im = ImageTensors.toImages(t, ImageTensors.Range.MINUS_ONE_ONE).get(0);
        assertArrayEquals(new float[] {0f, 0.5f, 0.75f, 1f}, im.data(), 1e-6f);
        Mask m = ImageTensors.toMasks(t, 0.5f).get(0);
        assertArrayEquals(new boolean[] {false, false, true, true}, m.bits());
        Tensor mt = ImageTensors.masksToTensor(List.of(m));
        assertArrayEquals(new int[] {1, 1, 2, 2}, mt.shape());
        assertArrayEquals(new float[] {0, 0, 1, 1}, mt.toArray());
    }

    @Test
    void badShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.toTensor(List.of(), ImageTensors.Range.ZERO_ONE));
        assertThrows(IllegalArgumentException.class,
            () -> ImageTensors.toTensor(List.of(Image.zeros(3, 4, 4), Image.zeros(3, 4, 5)), ImageTensors.Range.ZERO_ONE));
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.toImages(Tensor.fromArray(new float[8], 1, 2, 2, 2), ImageTensors.Range.ZERO_ONE));
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.toMasks(Tensor.fromArray(new float[8], 2, 4), 0.5f));
    }
}
