package org.dadda.federated.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.models.ResNet;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierInitTest {
    @TempDir
    Path tmp;

    @Test
    void loadsATorchvisionStyleResNetExceptItsClassifierHead() {
        // A "pre-trained" ResNet-18 as torchvision saves it: 1000 ImageNet classes, same names.
        ResNet imagenet = ResNet.resnet18(3, 1000, ResNet.Stem.IMAGENET, new Rng(5));
        Path file = tmp.resolve("resnet18.safetensors");
        WeightsIo.save(file, imagenet.stateDict(), Map.of());
        ResNet mine = Classifier.build(18, 64, true, 4, 9);
        float[] fcBefore = mine.stateDict().get("fc.weight").toArray();
        Classifier.loadPretrained(mine, file);
        assertArrayEquals(imagenet.stateDict().get("layer3.1.conv2.weight").toArray(), mine.stateDict().get("layer3.1.conv2.weight").toArray());
        assertArrayEquals(imagenet.stateDict().get("bn1.running_var").toArray(), mine.stateDict().get("bn1.running_var").toArray());
        assertArrayEquals(fcBefore, mine.stateDict().get("fc.weight").toArray(), "the 4-class head keeps its own initialisation");
    }

    @Test
    void refusesWeightsOfAnotherArchitectureNamingWhatIsWrong() {
        Map<String, Tensor> wrong = new LinkedHashMap<>(ResNet.resnet18(3, 10, ResNet.Stem.SMALL, new Rng(1)).stateDict());
        Path file = tmp.resolve("small-stem.safetensors");
        WeightsIo.save(file, wrong, Map.of());
        ResNet mine = Classifier.build(18, 64, true, 4, 9);
        var e = assertThrows(IllegalArgumentException.class, () -> Classifier.loadPretrained(mine, file));
        assertTrue(e.getMessage().contains("conv1.weight") && e.getMessage().contains(file.toString()), e.getMessage());
        ResNet r34 = Classifier.build(34, 64, true, 4, 9);
        Path r18 = tmp.resolve("r18.safetensors");
        WeightsIo.save(r18, ResNet.resnet18(3, 1000, ResNet.Stem.IMAGENET, new Rng(5)).stateDict(), Map.of());
        e = assertThrows(IllegalArgumentException.class, () -> Classifier.loadPretrained(r34, r18));
        assertTrue(e.getMessage().contains("layer1.2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Classifier.loadPretrained(mine, tmp.resolve("missing.safetensors")));
    }
}
