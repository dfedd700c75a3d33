package org.dadda.federated.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings a command line may set on top of a named profile: the downstream repeats and how the
 * fine-tuned G_I is conditioned on the mask. Null means "the profile's own".
 *
 * @param repeats repeats of every downstream model, or null
 * @param conditioning paper, spatial or both, or null
 * @param gateMode both, defect, normal or none, or null
 * @param damLabel region or defect, or null
 */
public record ProfileOverrides(Integer repeats, String conditioning, String gateMode, String damLabel) {
    /** No overrides. */
    public static final ProfileOverrides NONE = new ProfileOverrides(null, null, null, null);

    /** Overrides that leave the DAM label alone. */
    public ProfileOverrides(Integer repeats, String conditioning, String gateMode) {
        this(repeats, conditioning, gateMode, null);
    }

    /** {@code p} with these overrides; the profile's constructor checks the values. */
    public Profile apply(Profile p) {
        Profile out = repeats == null ? p : p.withRepeats(repeats);
        if (conditioning != null || gateMode != null) {
            out = out.withConditioning(conditioning == null ? out.conditioning() : conditioning,
                    gateMode == null ? out.gateMode() : gateMode);
        }
        return damLabel == null ? out : out.withDamLabel(damLabel);
    }

    /**
     * The overrides that contradict {@code recorded} (a run folder's profile), as option phrases
     * such as {@code --repeats 3 (recorded: 1)}; empty when they all agree.
     */
    public List<String> conflicts(Profile recorded) {
        Profile wanted = apply(recorded);
        List<String> out = new ArrayList<>();
        if (wanted.repeats() != recorded.repeats()) {
            out.add("--repeats " + wanted.repeats() + " (recorded: " + recorded.repeats() + ")");
        }
        if (!wanted.conditioning().equals(recorded.conditioning())) {
            out.add("--conditioning " + wanted.conditioning() + " (recorded: " + recorded.conditioning() + ")");
        }
        if (!wanted.gateMode().equals(recorded.gateMode())) {
            out.add("--gate-mode " + wanted.gateMode() + " (recorded: " + recorded.gateMode() + ")");
        }
        if (!wanted.damLabel().equals(recorded.damLabel())) {
            out.add("--dam-label " + wanted.damLabel() + " (recorded: " + recorded.damLabel() + ")");
        }
        return out;
    }
}
