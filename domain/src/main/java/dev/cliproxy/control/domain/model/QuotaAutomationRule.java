package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The quota automation's decisions, as pure functions of an account's state, a quota reading and the time: the one
 * rule the service applies and the properties check.
 *
 * <ul>
 *   <li>A pause by a person (or an unrecorded one) is never undone by the automation.</li>
 *   <li>A pause by the automation ends at its {@code resumeAt}: the reset of the quotas that ran low, or the
 *       policy's back-off when a reset is unknown.</li>
 *   <li>A person's resume wins until the quota's next reset ({@link ManualHold}); so does a resume by anyone else
 *       that left the automation's record behind.</li>
 *   <li>Otherwise an active account is paused when a quota of it has {@code pauseAtPercent} or less left.</li>
 * </ul>
 */
public final class QuotaAutomationRule {

    private QuotaAutomationRule() {
    }

    /**
     * The account's next state, given what it is, the quota {@code reading} just taken (empty when none was: the
     * automation is off, the account is not looked after, the call failed) and the time.
     */
    public static AccountAutomationState next(QuotaAutomationSettings policy, AccountAutomationState state,
                                              Optional<List<QuotaEntry>> reading, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reading, "reading");
        if (state.paused()) {
            AccountPause pause = state.pause().orElseThrow();
            // A record without its resume time (a hand edit) waits out the back-off from the pause.
            boolean due = pause.reason() == PauseReason.QUOTA && !now.isBefore(pause.resumeAt()
                    .orElseGet(() -> pause.pausedAt().plus(policy.unknownResetBackoff())));
            return due ? AccountAutomationState.active(Optional.empty()) : state;
        }
        // A record left on an active account: someone else resumed it, which counts as a person's resume.
        Optional<ManualHold> hold = state.hold().or(() -> state.pause().map(p -> holdAfterResume(p, now)));
        if (hold.isPresent() && hold.get().until().isEmpty()) {
            // The first reading after the resume tells when the quota resets next.
            return AccountAutomationState.active(reading.map(r -> holdUntil(hold.get(), policy, r, now)).or(() -> hold));
        }
        if (hold.isPresent() && hold.get().holdsAt(now)) {
            return AccountAutomationState.active(hold);
        }
        List<QuotaEntry> low = reading.map(r -> lowEntries(r, policy.pauseAtPercent(), now)).orElse(List.of());
        if (!policy.enabled() || low.isEmpty()) {
            return AccountAutomationState.active(Optional.empty());
        }
        return AccountAutomationState.pausedBy(new AccountPause(PauseReason.QUOTA, now,
                Optional.of(resumeAt(low, policy, now))));
    }

    /** A person paused the account: whatever it was, it is now paused as {@code manual}, with no hold. */
    public static AccountAutomationState afterManualPause(AccountAutomationState state, Instant now) {
        return AccountAutomationState.pausedBy(new AccountPause(PauseReason.MANUAL, now, Optional.empty()));
    }

    /** A person resumed the account: it is active, held off the automation until the quota's next reset. */
    public static AccountAutomationState afterManualResume(AccountAutomationState state, Instant now) {
        return AccountAutomationState.active(Optional.of(state.pause().map(p -> holdAfterResume(p, now))
                .orElseGet(() -> new ManualHold(now, Optional.empty()))));
    }

    /**
     * Whether the account's quota is worth asking for now: the automation is on and covers its provider, it is
     * active and not held until a known time, and its token is not known to have expired (an expired token is
     * reported, never hammered).
     */
    public static boolean wantsReading(QuotaAutomationSettings policy, String provider, AccountAutomationState state,
                                       TokenState token, Instant now) {
        return policy.enabled() && policy.covers(provider) && !state.paused() && token != TokenState.EXPIRED
                && state.hold().flatMap(ManualHold::until).map(until -> !now.isBefore(until)).orElse(true);
    }

    /**
     * The quotas of {@code reading} with {@code atPercent} percent or less left (a used-up quota always: that is how
     * a provider says its limit is reached), except those whose reset has passed (a reading served from a cache
     * taken before the reset no longer counts) and unlimited ones.
     */
    public static List<QuotaEntry> lowEntries(List<QuotaEntry> reading, int atPercent, Instant now) {
        return reading.stream()
                .filter(entry -> entry.resetAt() == null || entry.resetAt().isAfter(now))
                .filter(entry -> percentLeft(entry).stream().anyMatch(left -> left <= atPercent))
                .toList();
    }

    /** The percent of the quota left, when the provider tells enough to know it. */
    public static OptionalDouble percentLeft(QuotaEntry entry) {
        if (Boolean.TRUE.equals(entry.unlimited()) || entry.remaining() == null) {
            return OptionalDouble.empty();
        }
        if (entry.remaining() == 0) {
            return OptionalDouble.of(0);
        }
        if (entry.limit() == null) {
            return OptionalDouble.empty();
        }
        // A quota entry keeps 0 <= remaining <= limit: with something left, the limit is positive.
        return OptionalDouble.of(entry.remaining() * 100.0 / entry.limit());
    }

    /** A pause by the automation ends when every quota that ran low has reset; the back-off when one gives no time. */
    static Instant resumeAt(List<QuotaEntry> low, QuotaAutomationSettings policy, Instant now) {
        if (low.stream().anyMatch(entry -> entry.resetAt() == null)) {
            return now.plus(policy.unknownResetBackoff());
        }
        return low.stream().map(QuotaEntry::resetAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** The hold a resume of an account paused as {@code pause} starts: until the automation's own resume time. */
    private static ManualHold holdAfterResume(AccountPause pause, Instant now) {
        return new ManualHold(now, pause.reason() == PauseReason.QUOTA
                ? pause.resumeAt().filter(now::isBefore) : Optional.empty());
    }

    /**
     * The end of a hold whose end was unknown, from the first reading after it: the reset of the quotas that are
     * low now, else the next reset of any quota, else the policy's back-off.
     */
    private static ManualHold holdUntil(ManualHold hold, QuotaAutomationSettings policy, List<QuotaEntry> reading,
                                        Instant now) {
        List<QuotaEntry> low = lowEntries(reading, policy.pauseAtPercent(), now);
        Instant until = !low.isEmpty() ? resumeAt(low, policy, now)
                : reading.stream().map(QuotaEntry::resetAt).filter(Objects::nonNull).filter(now::isBefore)
                        .min(Comparator.naturalOrder()).orElse(now.plus(policy.unknownResetBackoff()));
        return new ManualHold(hold.resumedAt(), Optional.of(until));
    }
}
