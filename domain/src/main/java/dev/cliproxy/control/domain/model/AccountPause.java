package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The record kept beside a paused token file: why it was paused, when, and when it may be resumed (a quota pause
 * knows its reset time; a manual one has none).
 */
public record AccountPause(PauseReason reason, Instant pausedAt, Optional<Instant> resumeAt) {

    public AccountPause {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(pausedAt, "pausedAt");
        Objects.requireNonNull(resumeAt, "resumeAt");
    }

    /** What a file paused without a record (by the {@code ccs} CLI or by hand) counts as: a person's pause. */
    public static AccountPause unrecorded(Instant modifiedAt) {
        return new AccountPause(PauseReason.MANUAL, modifiedAt, Optional.empty());
    }
}
