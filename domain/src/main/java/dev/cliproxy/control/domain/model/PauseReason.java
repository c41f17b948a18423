package dev.cliproxy.control.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why an account is paused: by a person ({@code manual}) or by the quota automation ({@code quota}). */
public enum PauseReason {
    MANUAL, QUOTA;

    /** The name in answers and in the state file. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PauseReason> fromId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
