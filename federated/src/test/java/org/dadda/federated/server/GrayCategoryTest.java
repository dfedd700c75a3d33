package org.dadda.federated.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.federated.config.Profile;
import org.dadda.federated.privacy.ServerUpload;
import org.dadda.federated.privacy.UploadFixtures;
import org.dadda.federated.transport.ModelRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grayscale category's G_I works on one channel, so its samples cannot take a colour cast. */
class GrayCategoryTest {
    @TempDir
    Path tmp;

    @Test
    void grayUploadsGiveAOneChannelImageGenerator() {
        Path cat = tmp.resolve("data/screw");
        List<String> goods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Image rgb = UploadFixtures.image(32, i);
            String name = String.format("%03d.png", i);
            ImageFiles.writePng(rgb.toGray(), cat.resolve("train/good/" + name));
            goods.add(name);
        }
        ServerUpload up = UploadFixtures.upload("node1", "screw", cat, goods, 32, List.of("scratch"));
        Profile p = new Profile("quick", 32, 3, 2, 4, 3, 18, 2, 8, 1e-3, 4, 2, 8, 2e-3, 2, "tiny:2");
        ModelRelease r = new CentralServer(p, 0, s -> { }, false).train(CategoryPool.of(List.of(up)).get("screw"), tmp.resolve("out"),
                tmp.resolve("work"));
        @SuppressWarnings("unchecked")
        UNetConfig gi = UNetConfig.fromMap((Map<String, Object>) r.config().get("image_net"));
        assertEquals(1, gi.inChannels());
        assertEquals(1, gi.outChannels());
        assertEquals(1, r.weights(CentralServer.G_I).get("cin.weight").size(1), "G_I's first convolution reads one channel");
    }
}
