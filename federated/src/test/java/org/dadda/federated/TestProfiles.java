package org.dadda.federated;

import org.dadda.federated.config.Profile;

/** Profiles small enough for unit and integration tests. */
public final class TestProfiles {
    private TestProfiles() {
    }

    /** 32x32, three DAM and three synthesized samples per type, short trainings. */
    public static Profile tiny() {
        return new Profile("quick", 32, 3, 2, 4, 3, 18, 2, 8, 1e-3, 4, 2, 8, 2e-3, 2, "tiny:30");
    }
}
