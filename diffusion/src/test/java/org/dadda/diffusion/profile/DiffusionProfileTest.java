package org.dadda.diffusion.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;
import org.junit.jupiter.api.Test;

class DiffusionProfileTest {

    @Test
    void parameterCountsOfEveryProfile() {
        for (DiffusionProfile p : DiffusionProfile.values()) {
            AttentionUNet gi = new AttentionUNet(p.imageNet(), 0);
            System.out.println(p + " G_I: " + gi.describe());
            System.out.println(p + " G_M: " + new AttentionUNet(p.maskNet(4), 0).describe());
            System.out.println(p + " gated G_I: " + new AttentionUNet(p.gatedImageNet(GateMode.BOTH), 0).describe());
            assertEquals(p.imageSize(), gi.config().imageSize());
        }
        assertEquals(4_397_187, new AttentionUNet(DiffusionProfile.QUICK.imageNet(), 0).parameterCount());
        assertEquals(17_086_467, new AttentionUNet(DiffusionProfile.CPU.imageNet(), 0).parameterCount());
        // The paper reports 48.3M; the nearest configuration of the reference family (see DiffusionProfile).
        long paper = new AttentionUNet(DiffusionProfile.PAPER.imageNet(), 0).parameterCount();
        assertEquals(48_373_763, paper);
        assertEquals(48.3e6, paper, 0.002 * 48.3e6);
    }

    @Test
    void paperSettings() {
        DiffusionProfile p = DiffusionProfile.PAPER;
        assertEquals(1000, p.schedule().steps());
        assertEquals(1e-4, p.imageTraining().lr());
        assertEquals(5000, p.imageTraining().warmupSteps());
        assertEquals(30000, p.imageTraining().steps());
        assertEquals(0.995, p.imageTraining().emaDecay());
        assertEquals(4, p.imageNet().heads());
        assertEquals(32, p.imageNet().headDim());
        assertEquals(500, p.perClass());
        assertEquals("ddpm", p.sampler().kind());
        assertEquals(128, p.imageSize());
        assertEquals(DiffusionProfile.CPU, DiffusionProfile.parse("cpu"));
        assertThrows(IllegalArgumentException.class, () -> DiffusionProfile.parse("huge"));
    }

    /**
     * A GroupNorm of one channel per group is an instance norm: it erases each channel's mean,
     * and a generator built so samples images of random global colour (bench/RESULTS.md, sitting
     * 8). The profiles meant to give usable samples keep at least four channels per group at the
     * narrowest level.
     */
    @org.junit.jupiter.api.Test
    void usableProfilesKeepSeveralChannelsPerNormGroup() {
        for (DiffusionProfile p : new DiffusionProfile[] {DiffusionProfile.STANDARD, DiffusionProfile.PAPER}) {
            int base = p.imageNet().baseChannels();
            org.junit.jupiter.api.Assertions.assertTrue(base / p.imageNet().groupsFor(base) >= 4,
                    p + ": " + base / p.imageNet().groupsFor(base) + " channels per group at the first level");
        }
    }
}
