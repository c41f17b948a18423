package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An account as the quota automation sees it: whether its file is in {@code auth-paused/}, the pause recorded for it
 * and a person's resume it must respect. An active account may still carry the record of a pause that someone
 * else (the {@code ccs} CLI, a hand) undid; {@link QuotaAutomationRule#next} treats that as a person's resume.
 */
public record AccountAutomationState(boolean paused, Optional<AccountPause> pause, Optional<ManualHold> hold) {

    public AccountAutomationState {
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(hold, "hold");
        if (paused && pause.isEmpty()) {
            throw new IllegalArgumentException("a paused account has a pause (an unrecorded one counts as manual)");
        }
    }

    /** The state of {@code token} with its recorded pause, if any, and its notes. */
    public static AccountAutomationState of(AccountToken token, Optional<AccountPause> recorded, AccountNotes notes) {
        Optional<AccountPause> pause = token.paused()
                ? Optional.of(recorded.orElseGet(() -> AccountPause.unrecorded(token.modifiedAt()))) : recorded;
        return new AccountAutomationState(token.paused(), pause, notes.hold());
    }

    /** An account paused as {@code pause} says. */
    public static AccountAutomationState pausedBy(AccountPause pause) {
        return new AccountAutomationState(true, Optional.of(pause), Optional.empty());
    }

    /** An active account, held off the automation by {@code hold} when it is present. */
    public static AccountAutomationState active(Optional<ManualHold> hold) {
        return new AccountAutomationState(false, Optional.empty(), hold);
    }

    /** Whether a person paused it (or someone did without a record, which counts the same). */
    public boolean pausedByPerson() {
        return paused && pause.orElseThrow().reason() == PauseReason.MANUAL;
    }
}
