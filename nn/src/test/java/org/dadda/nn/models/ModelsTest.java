package org.dadda.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Shapes, names, seeding and argument checks of the models. */
class ModelsTest {
    @Test
    void segmentationUNetMapsImagesToOneChannelLogits() {
        for (SegmentationUNet.Norm norm : SegmentationUNet.Norm.values()) {
            SegmentationUNet net = new SegmentationUNet(3, 4, 3, norm, new Rng(1));
            Tensor x = Tensor.randn(new Rng(2), 2, 3, 12, 8);
            Tensor y = net.forward(x);
            assertArrayEquals(new int[] {2, 1, 12, 8}, y.shape());
            y.sum().backward();
            for (var e : net.namedParameters().entrySet()) {
                assertTrue(e.getValue().grad() != null, "gradient reaches " + e.getKey());
            }
        }
        SegmentationUNet net = new SegmentationUNet(3, 4, 3, SegmentationUNet.Norm.GROUP, new Rng(1));
        List<String> names = List.copyOf(net.namedParameters().keySet());
        assertEquals("enc.0.0.weight", names.get(0));
        assertTrue(names.contains("up.1.weight") && names.contains("dec.1.3.weight") && names.contains("head.bias"), names.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 3, 10, 8)));
        assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
        assertEquals(1, new SegmentationUNet(1, 2, 1, SegmentationUNet.Norm.BATCH, new Rng(0))
                .forward(Tensor.randn(new Rng(3), 2, 1, 5, 5)).size(1));
    }

    @Test
    void resNetStemsAndSeeding() {
        ResNet a = new ResNet(new int[] {1, 1, 1, 1}, 2, 3, ResNet.Stem.IMAGENET, 4, new Rng(5));
        ResNet b = new ResNet(new int[] {1, 1, 1, 1}, 2, 3, ResNet.Stem.IMAGENET, 4, new Rng(5));
        for (var e : a.namedParameters().entrySet()) {
            Parameter other = b.namedParameters().get(e.getKey());
            assertArrayEquals(e.getValue().value().toArray(), other.value().toArray(), e.getKey());
        }
        assertArrayEquals(new int[] {2, 3}, a.forward(Tensor.randn(new Rng(1), 2, 2, 32, 32)).shape());
        assertArrayEquals(new int[] {2, 32}, a.features(Tensor.randn(new Rng(1), 2, 2, 32, 32)).shape());
        // torchvision's conv init: N(0, 2 / fan_out); fan_out of conv1 is 4 * 7 * 7.
        float[] w = a.namedParameters().get("conv1.weight").value().toArray();
        double var = 0;
        for (float v : w) {
            var += v * v;
        }
        var /= w.length;
        assertEquals(2.0 / (4 * 49), var, 0.5 * 2.0 / (4 * 49));
        assertThrows(IllegalArgumentException.class, () -> a.forward(Tensor.zeros(1, 3, 32, 32)));
        assertThrows(IllegalArgumentException.class, () -> new ResNet(new int[] {1, 1, 1}, 3, 3, ResNet.Stem.SMALL, 4, new Rng(0)));
    }

}
