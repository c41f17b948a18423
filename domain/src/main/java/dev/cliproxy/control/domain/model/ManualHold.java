package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person resumed the account: the quota automation leaves it alone until {@code until}, the next reset of its
 * quota. {@code until} is empty while that reset is not yet known (the first quota reading after the resume fixes
 * it, see {@link QuotaAutomationRule#next}).
 */
public record ManualHold(Instant resumedAt, Optional<Instant> until) {

    public ManualHold {
        Objects.requireNonNull(resumedAt, "resumedAt");
        Objects.requireNonNull(until, "until");
    }

    /** Whether the hold still keeps the automation away at {@code now}: until its end, or while that is unknown. */
    public boolean holdsAt(Instant now) {
        return until.map(now::isBefore).orElse(true);
    }
}
