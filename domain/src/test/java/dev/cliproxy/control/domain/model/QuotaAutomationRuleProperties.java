package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** The quota automation's rule, for every state, reading, policy and sequence of a person's and its own acts. */
class QuotaAutomationRuleProperties {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    // --- A person's pause and resume --------------------------------------------------------------------------

    @Property
    void aPersonsPauseIsNeverUndoneByTheAutomation(@ForAll("policies") QuotaAutomationSettings policy,
                                                   @ForAll("readings") Optional<List<QuotaEntry>> reading,
                                                   @ForAll @IntRange(min = 0, max = 100_000) int minutesLater,
                                                   @ForAll boolean recorded) {
        AccountPause pause = new AccountPause(PauseReason.MANUAL, T0, Optional.empty());
        AccountAutomationState state = recorded ? AccountAutomationState.pausedBy(pause)
                : AccountAutomationState.of(token(true), Optional.empty(), AccountNotes.NONE);
        assertTrue(state.pausedByPerson());

        assertEquals(state, QuotaAutomationRule.next(policy, state, reading, T0.plus(Duration.ofMinutes(minutesLater))));
    }

    /**
     * Any sequence of a person's pauses and resumes and the automation's checks (with any reading at any time): after
     * a person's pause the account stays paused until the person resumes it, and after a person's resume the
     * automation never pauses it before the reset it would have resumed it at (or, when it had not paused it, before
     * the next reset its first reading shows).
     */
    @Property(tries = 500)
    void aPersonsActsWinWhateverHappensBetween(@ForAll("policies") QuotaAutomationSettings policy,
                                               @ForAll("sequences") List<Step> steps) {
        AccountAutomationState state = AccountAutomationState.active(Optional.empty());
        Instant now = T0;
        boolean personPaused = false;
        Optional<Instant> heldUntil = Optional.empty();
        boolean holdKnown = true;
        for (Step step : steps) {
            now = now.plus(step.after());
            switch (step) {
                case Step.PersonPauses p -> {
                    if (!state.paused()) {
                        state = QuotaAutomationRule.afterManualPause(state, now);
                        personPaused = true;
                    }
                }
                case Step.PersonResumes r -> {
                    if (state.paused()) {
                        Optional<Instant> reset = state.pause().orElseThrow().reason() == PauseReason.QUOTA
                                ? state.pause().get().resumeAt() : Optional.empty();
                        state = QuotaAutomationRule.afterManualResume(state, now);
                        personPaused = false;
                        heldUntil = reset;
                        holdKnown = reset.isPresent();
                    }
                }
                case Step.Check c -> {
                    Instant at = now;
                    boolean held = !holdKnown || heldUntil.filter(at::isBefore).isPresent();
                    boolean wasPaused = state.paused();
                    AccountAutomationState next = QuotaAutomationRule.next(policy, state, c.reading(), now);
                    if (personPaused) {
                        assertEquals(state, next, "a person's pause stays");
                    }
                    if (held && !wasPaused) {
                        assertFalse(next.paused(), "a person's resume holds the automation off");
                    }
                    if (!holdKnown && c.reading().isPresent() || next.hold().isEmpty()) {
                        // The first reading after a resume of unknown end fixes it.
                        heldUntil = next.hold().flatMap(ManualHold::until);
                        holdKnown = true;
                    }
                    state = next;
                }
            }
            assertEquals(personPaused, state.pausedByPerson());
        }
    }

    // --- The automation's own pauses --------------------------------------------------------------------------

    @Property
    void anAutomationPauseEndsAtItsResumeTimeAndNotBefore(@ForAll("policies") QuotaAutomationSettings policy,
                                                          @ForAll("readings") Optional<List<QuotaEntry>> reading,
                                                          @ForAll @IntRange(min = 1, max = 100_000) int resumeMinutes,
                                                          @ForAll @IntRange(min = -100_000, max = 100_000) int offset) {
        Instant resumeAt = T0.plus(Duration.ofMinutes(resumeMinutes));
        AccountAutomationState paused = AccountAutomationState.pausedBy(new AccountPause(PauseReason.QUOTA, T0,
                Optional.of(resumeAt)));
        Instant now = resumeAt.plusSeconds(offset);

        AccountAutomationState next = QuotaAutomationRule.next(policy, paused, reading, now);

        assertEquals(now.isBefore(resumeAt) ? paused : AccountAutomationState.active(Optional.empty()), next);
    }

    @Example
    void aQuotaPauseRecordedWithoutItsResumeTimeWaitsOutTheBackoff() {
        QuotaAutomationSettings policy = enabled(5);
        AccountAutomationState paused = AccountAutomationState.pausedBy(new AccountPause(PauseReason.QUOTA, T0,
                Optional.empty()));
        Instant end = T0.plus(policy.unknownResetBackoff());
        assertEquals(paused, QuotaAutomationRule.next(policy, paused, Optional.empty(), end.minusMillis(1)));
        assertFalse(QuotaAutomationRule.next(policy, paused, Optional.empty(), end).paused());
    }

    @Property
    void anActiveAccountIsPausedExactlyWhenAQuotaRanLowUntilEveryLowQuotaResets(
            @ForAll("policies") QuotaAutomationSettings policy, @ForAll("entries") List<QuotaEntry> reading) {
        AccountAutomationState active = AccountAutomationState.active(Optional.empty());

        AccountAutomationState next = QuotaAutomationRule.next(policy, active, Optional.of(reading), T0);

        List<QuotaEntry> low = QuotaAutomationRule.lowEntries(reading, policy.pauseAtPercent(), T0);
        assertEquals(policy.enabled() && !low.isEmpty(), next.paused());
        if (next.paused()) {
            AccountPause pause = next.pause().orElseThrow();
            assertEquals(PauseReason.QUOTA, pause.reason());
            assertEquals(T0, pause.pausedAt());
            Instant resumeAt = pause.resumeAt().orElseThrow();
            assertTrue(resumeAt.isAfter(T0), "the pause ends later");
            if (low.stream().allMatch(e -> e.resetAt() != null)) {
                assertTrue(low.stream().allMatch(e -> !e.resetAt().isAfter(resumeAt)), "after every low reset");
                assertTrue(low.stream().anyMatch(e -> e.resetAt().equals(resumeAt)), "at the last of them");
            } else {
                assertEquals(T0.plus(policy.unknownResetBackoff()), resumeAt);
            }
        } else {
            assertEquals(active, next);
        }
    }

    @Example
    void aCodexAccountUsedUpInItsFiveHourWindowIsPausedUntilThatReset() {
        Instant reset = T0.plus(Duration.ofHours(3));
        List<QuotaEntry> reading = List.of(QuotaEntry.percent("codex", 0.03, reset).withWindow("5h"),
                QuotaEntry.percent("codex", 0.80, T0.plus(Duration.ofDays(4))).withWindow("weekly"));

        AccountAutomationState next = QuotaAutomationRule.next(enabled(5),
                AccountAutomationState.active(Optional.empty()), Optional.of(reading), T0);

        assertEquals(AccountAutomationState.pausedBy(new AccountPause(PauseReason.QUOTA, T0, Optional.of(reset))),
                next);
        assertFalse(QuotaAutomationRule.next(enabled(2), AccountAutomationState.active(Optional.empty()),
                Optional.of(reading), T0).paused(), "3 % left is above a 2 % threshold");
    }

    // --- Holds ------------------------------------------------------------------------------------------------

    @Property
    void aHoldOfKnownEndKeepsTheAutomationOffUntilThenAndEndsThere(
            @ForAll("policies") QuotaAutomationSettings policy, @ForAll("entries") List<QuotaEntry> reading,
            @ForAll @IntRange(min = 1, max = 10_000) int holdMinutes,
            @ForAll @IntRange(min = -10_000, max = 10_000) int offset) {
        Instant until = T0.plus(Duration.ofMinutes(holdMinutes));
        AccountAutomationState held = AccountAutomationState.active(Optional.of(new ManualHold(T0,
                Optional.of(until))));
        Instant now = until.plusSeconds(offset);

        AccountAutomationState next = QuotaAutomationRule.next(policy, held, Optional.of(reading), now);

        if (now.isBefore(until)) {
            assertEquals(held, next);
            assertFalse(QuotaAutomationRule.wantsReading(policy, "codex", held, TokenState.VALID, now));
        } else {
            assertEquals(QuotaAutomationRule.next(policy, AccountAutomationState.active(Optional.empty()),
                    Optional.of(reading), now), next, "the hold is gone and the rule applies as usual");
        }
    }

    @Example
    void aResumeOfAnAutomationPauseHoldsUntilItsResumeTime() {
        Instant resumeAt = T0.plus(Duration.ofHours(2));
        AccountAutomationState paused = AccountAutomationState.pausedBy(new AccountPause(PauseReason.QUOTA, T0,
                Optional.of(resumeAt)));
        Instant now = T0.plus(Duration.ofMinutes(10));

        assertEquals(AccountAutomationState.active(Optional.of(new ManualHold(now, Optional.of(resumeAt)))),
                QuotaAutomationRule.afterManualResume(paused, now));
        Instant late = resumeAt.plusSeconds(1);
        assertEquals(AccountAutomationState.active(Optional.of(new ManualHold(late, Optional.empty()))),
                QuotaAutomationRule.afterManualResume(paused, late), "after the reset: until the next one is known");
        assertEquals(AccountAutomationState.pausedBy(new AccountPause(PauseReason.MANUAL, now, Optional.empty())),
                QuotaAutomationRule.afterManualPause(QuotaAutomationRule.afterManualResume(paused, now), now));
        assertEquals(AccountAutomationState.active(Optional.of(new ManualHold(now, Optional.empty()))),
                QuotaAutomationRule.afterManualResume(AccountAutomationState.active(Optional.empty()), now),
                "a resume with no pause to end holds until the next reset is known");
    }

    @Example
    void theFirstReadingAfterAResumeOfUnknownEndFixesTheHoldsEnd() {
        QuotaAutomationSettings policy = enabled(5);
        ManualHold open = new ManualHold(T0, Optional.empty());
        AccountAutomationState held = AccountAutomationState.active(Optional.of(open));
        Instant lowReset = T0.plus(Duration.ofHours(5));
        Instant soon = T0.plus(Duration.ofHours(1));
        Instant later = T0.plus(Duration.ofHours(9));

        assertEquals(held, QuotaAutomationRule.next(policy, held, Optional.empty(), T0), "no reading, no news");
        assertEquals(Optional.of(lowReset), QuotaAutomationRule.next(policy, held, Optional.of(List.of(
                QuotaEntry.percent("a", 0.01, lowReset), QuotaEntry.percent("b", 0.9, soon))), T0)
                .hold().flatMap(ManualHold::until), "low now: until that quota resets");
        assertEquals(Optional.of(soon), QuotaAutomationRule.next(policy, held, Optional.of(List.of(
                QuotaEntry.percent("a", 0.5, later), QuotaEntry.percent("b", 0.9, soon),
                QuotaEntry.percent("c", 0.9, T0.minusSeconds(1)))), T0)
                .hold().flatMap(ManualHold::until), "none low: until the next reset to come");
        assertEquals(Optional.of(T0.plus(policy.unknownResetBackoff())), QuotaAutomationRule.next(policy, held,
                Optional.of(List.of(QuotaEntry.percent("a", 0.5, null))), T0).hold().flatMap(ManualHold::until),
                "no reset known: the back-off");
        assertTrue(QuotaAutomationRule.wantsReading(policy, "codex", held, TokenState.VALID, T0));
    }

    @Example
    void aPauseUndoneByAnotherProgramCountsAsAPersonsResume() {
        QuotaAutomationSettings policy = enabled(5);
        Instant resumeAt = T0.plus(Duration.ofHours(2));
        AccountAutomationState leftOver = new AccountAutomationState(false, Optional.of(new AccountPause(
                PauseReason.QUOTA, T0, Optional.of(resumeAt))), Optional.empty());
        Instant now = T0.plus(Duration.ofMinutes(1));
        List<QuotaEntry> low = List.of(QuotaEntry.percent("a", 0, resumeAt));

        assertEquals(AccountAutomationState.active(Optional.of(new ManualHold(now, Optional.of(resumeAt)))),
                QuotaAutomationRule.next(policy, leftOver, Optional.of(low), now));
    }

    // --- Readings and what is low -----------------------------------------------------------------------------

    @Property
    void lowQuotasAreThoseAtOrUnderThePercentWhoseResetIsToCome(@ForAll("entries") List<QuotaEntry> reading,
                                                                @ForAll @IntRange(min = 0, max = 100) int percent) {
        List<QuotaEntry> low = QuotaAutomationRule.lowEntries(reading, percent, T0);
        for (QuotaEntry entry : reading) {
            boolean expected = (entry.resetAt() == null || entry.resetAt().isAfter(T0))
                    && !Boolean.TRUE.equals(entry.unlimited()) && entry.remaining() != null
                    && (entry.remaining() == 0
                    || entry.limit() != null && entry.limit() > 0 && entry.remaining() * 100.0 / entry.limit() <= percent);
            assertEquals(expected, low.contains(entry), entry.toString());
        }
    }

    @Example
    void aUsedUpQuotaIsLowWhateverItsLimitAndAnUnlimitedOneNever() {
        Instant reset = T0.plusSeconds(60);
        QuotaEntry usedUp = new QuotaEntry("m", null, null, 0L, reset, QuotaUnit.REQUESTS, null, null, null, null,
                null);
        QuotaEntry unlimited = QuotaEntry.absolute("u", 100, 100, reset, QuotaUnit.REQUESTS).withUnlimited(true);
        QuotaEntry edge = QuotaEntry.absolute("e", 200, 190, reset, QuotaUnit.TOKENS);
        assertEquals(List.of(usedUp, edge), QuotaAutomationRule.lowEntries(List.of(usedUp, unlimited, edge), 5, T0));
        assertEquals(List.of(usedUp), QuotaAutomationRule.lowEntries(List.of(usedUp, unlimited, edge), 4, T0));
        assertEquals(List.of(), QuotaAutomationRule.lowEntries(List.of(usedUp), 100, reset), "reset at now: passed");
        QuotaEntry noLimit = new QuotaEntry("l", null, null, 5L, reset, QuotaUnit.REQUESTS, null, null, null, null,
                null);
        assertTrue(QuotaAutomationRule.percentLeft(noLimit).isEmpty(), "something left of an unknown limit");
        assertEquals(List.of(), QuotaAutomationRule.lowEntries(List.of(noLimit), 100, T0));
    }

    @Property
    void noQuotaIsAskedForAnExpiredTokenAPausedAccountOrOutsideThePolicy(
            @ForAll("policies") QuotaAutomationSettings policy, @ForAll TokenState token, @ForAll boolean paused,
            @ForAll boolean covered) {
        AccountAutomationState state = paused
                ? AccountAutomationState.pausedBy(new AccountPause(PauseReason.QUOTA, T0, Optional.of(T0)))
                : AccountAutomationState.active(Optional.empty());
        QuotaAutomationSettings scoped = new QuotaAutomationSettings(policy.enabled(),
                covered ? List.of() : List.of("claude"), policy.pauseAtPercent(), policy.lowAtPercent(),
                policy.pollInterval(), policy.maxConcurrent(), policy.unknownResetBackoff());

        assertEquals(policy.enabled() && covered && !paused && token != TokenState.EXPIRED,
                QuotaAutomationRule.wantsReading(scoped, "codex", state, token, T0));
    }

    // --- Generators -------------------------------------------------------------------------------------------

    /** One thing that happens to the account, after {@code after}. */
    sealed interface Step {
        Duration after();

        record PersonPauses(Duration after) implements Step {
        }

        record PersonResumes(Duration after) implements Step {
        }

        record Check(Duration after, Optional<List<QuotaEntry>> reading) implements Step {
        }
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        return steps().list().ofMaxSize(40);
    }

    Arbitrary<Step> steps() {
        Arbitrary<Duration> waits = Arbitraries.integers().between(0, 600).map(Duration::ofMinutes);
        return Arbitraries.frequencyOf(
                Tuple.of(1, waits.map(Step.PersonPauses::new)),
                Tuple.of(1, waits.map(Step.PersonResumes::new)),
                Tuple.of(4, Combinators.combine(waits, readings()).as(Step.Check::new)));
    }

    @Provide
    Arbitrary<QuotaAutomationSettings> policies() {
        return Combinators.combine(Arbitraries.of(true, true, true, false), Arbitraries.integers().between(0, 50),
                        Arbitraries.integers().between(0, 50), Arbitraries.integers().between(1, 600))
                .as((enabled, pause, extra, backoffMinutes) -> new QuotaAutomationSettings(enabled, List.of(), pause,
                        Math.min(100, pause + extra), Duration.ofMinutes(5), 2, Duration.ofMinutes(backoffMinutes)));
    }

    @Provide
    Arbitrary<Optional<List<QuotaEntry>>> readings() {
        return entries().optional(0.7);
    }

    /** Quotas with resets around the property's instants: past, near, far, unknown. */
    @Provide
    Arbitrary<List<QuotaEntry>> entries() {
        Arbitrary<Instant> resets = Arbitraries.integers().between(-600, 6000)
                .map(minutes -> T0.plus(Duration.ofMinutes(minutes))).injectNull(0.2);
        Arbitrary<QuotaEntry> percent = Combinators.combine(Arbitraries.doubles().between(0, 1), resets)
                .as((left, reset) -> QuotaEntry.percent("m", left, reset));
        Arbitrary<QuotaEntry> absolute = Combinators.combine(Arbitraries.longs().between(0, 1000),
                        Arbitraries.longs().between(0, 1200), resets)
                .as((limit, used, reset) -> QuotaEntry.absolute("n", limit, used, reset, QuotaUnit.TOKENS));
        Arbitrary<QuotaEntry> unknown = resets.map(reset -> new QuotaEntry("x", null, null, null, reset,
                QuotaUnit.REQUESTS, null, null, null, null, null));
        Arbitrary<QuotaEntry> unlimited = resets.map(reset -> QuotaEntry.absolute("u", 10, 10, reset,
                QuotaUnit.REQUESTS).withUnlimited(true));
        return Arbitraries.frequencyOf(Tuple.of(5, percent), Tuple.of(3, absolute),
                Tuple.of(1, unknown), Tuple.of(1, unlimited)).list().ofMaxSize(4);
    }

    private static QuotaAutomationSettings enabled(int pauseAtPercent) {
        QuotaAutomationSettings d = QuotaAutomationSettings.DEFAULTS;
        return new QuotaAutomationSettings(true, List.of(), pauseAtPercent, Math.max(pauseAtPercent, 20),
                d.pollInterval(), d.maxConcurrent(), d.unknownResetBackoff());
    }

    private static AccountToken token(boolean paused) {
        return new AccountToken("codex", "codex-a", "codex-a.json", Optional.empty(), paused, Optional.empty(), T0);
    }

    @Example
    void aSequenceOfEveryKindOfStepIsGenerated() {
        List<Class<?>> kinds = new ArrayList<>();
        steps().sampleStream().limit(200).forEach(step -> {
            if (!kinds.contains(step.getClass())) {
                kinds.add(step.getClass());
            }
        });
        assertEquals(3, kinds.size(), kinds.toString());
    }
}
