package org.dadda.federated.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;

class ProfileTest {
    @Test
    void roundTripsThroughItsMap() {
        for (String name : new String[] {"quick", "standard", "cpu", "paper"}) {
            Profile p = Profile.named(name);
            assertEquals(p, Profile.fromMap((Map<?, ?>) Json.parse(Json.write(p.toMap())), "test"));
        }
    }

    @Test
    void aProfileWrittenBeforeRepeatsAndConditioningMeansOneRepeatAndThePapersPath() {
        Map<String, Object> m = Profile.quick().toMap();
        m.remove("repeats");
        m.remove("conditioning");
        m.remove("gate_mode");
        m.remove("dam_label");
        Profile p = Profile.fromMap(m, "old run.json");
        assertEquals(1, p.repeats());
        assertEquals("paper", p.conditioning());
        assertEquals("both", p.gateMode());
        assertEquals("region", p.damLabel(), "a run.json written before the setting meant the paper's label");
    }

    @Test
    void damLabelIsTheProjectsInItsProfilesAndThePapersInPaper() {
        assertEquals("defect", Profile.quick().damLabel());
        assertEquals("defect", Profile.standard().damLabel());
        assertEquals("defect", Profile.cpu().damLabel());
        assertEquals("region", Profile.paper().damLabel());
        Profile region = new ProfileOverrides(null, null, null, "Region").apply(Profile.standard());
        assertEquals("region", region.damLabel());
        assertEquals(region, Profile.fromMap(region.toMap(), "run.json"));
        ProfileOverrides defect = new ProfileOverrides(null, null, null, "defect");
        assertEquals(java.util.List.of("--dam-label defect (recorded: region)"), defect.conflicts(region));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProfileOverrides(null, null, null, "box").apply(Profile.quick()));
        assertTrue(e.getMessage().contains("region, defect"), e.getMessage());
    }

    @Test
    void overridesApplyAndConflictsNameTheOption() {
        ProfileOverrides o = new ProfileOverrides(5, "spatial", null);
        Profile p = o.apply(Profile.standard());
        assertEquals(5, p.repeats());
        assertEquals("spatial", p.conditioning());
        assertTrue(o.conflicts(p).isEmpty());
        assertEquals(2, o.conflicts(Profile.standard()).size());
        assertTrue(o.conflicts(Profile.standard()).get(0).startsWith("--repeats 5"));
        assertTrue(ProfileOverrides.NONE.conflicts(Profile.paper()).isEmpty());
    }

    @Test
    void badNamesAreRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProfileOverrides(null, "spade", null).apply(Profile.quick()));
        assertTrue(e.getMessage().contains("paper, spatial, both"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProfileOverrides(0, null, null).apply(Profile.quick()));
        assertEquals("defect", new ProfileOverrides(null, null, "defective").apply(Profile.quick()).gateMode());
    }

    @Test
    void generativeSettingsCarryConditioningAndKeepTheServerPartApart() {
        GenerativeSettings g = GenerativeSettings.of(new ProfileOverrides(null, "paper", "normal").apply(Profile.standard()));
        assertEquals("PAPER", g.conditioning().name());
        assertEquals("NONE", GenerativeSettings.of(new ProfileOverrides(null, "spatial", null).apply(Profile.standard()))
                .gateMode().name(), "the spatial path alone has no gates");
        assertEquals("NORMAL", g.gateMode().name());
        Map<String, Object> server = g.serverMap();
        assertTrue(!server.containsKey("fine_tuning") && !server.containsKey("gate_mode"), server.keySet().toString());
        assertEquals(Json.write(server), Json.write(GenerativeSettings.of(Profile.standard()).serverMap()),
                "conditioning does not touch the server's part");
        assertEquals(1, g.withImageChannels(1).imageNet().inChannels());
    }
}
