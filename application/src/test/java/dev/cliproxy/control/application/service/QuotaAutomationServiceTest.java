package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountAutomationStatus;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ManualHold;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The account watch on in-memory accounts and a test clock: every decision is made by a check, nothing sleeps. */
class QuotaAutomationServiceTest {

    private static final Instant MODIFIED = Instant.parse("2025-12-01T00:00:00Z");
    private static final Duration POLL = Duration.ofMinutes(1);

    private final TestClock clock = new TestClock();
    private final InMemoryAccounts store = new InMemoryAccounts();
    private final InMemoryControlSettings settings = new InMemoryControlSettings(automation(Map.of()));
    private final List<AccountAlert> alerts = new CopyOnWriteArrayList<>();
    private final Quotas quotas = new Quotas();
    private AccountsService accounts = new AccountsService(store, clock, Duration.ofHours(24), alerts::add);
    private QuotaAutomationService automation = new QuotaAutomationService(accounts, quotas, settings,
            Duration.ofMillis(10));

    /** The provider's side: each account's quotas as a function of the time, and the calls made. */
    private final class Quotas implements GetQuotaUseCase {
        final Map<String, Function<Instant, List<QuotaEntry>>> answers = new ConcurrentHashMap<>();
        final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        volatile Duration callTime = Duration.ZERO;
        /** What happens meanwhile, elsewhere, while the quota of an account is asked for. */
        final Map<String, Runnable> meanwhile = new ConcurrentHashMap<>();

        @Override
        public QuotaResult quota(String provider, String accountId) {
            asked.add(accountId);
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (!callTime.isZero()) {
                    Thread.sleep(callTime);
                }
                meanwhile.getOrDefault(accountId, () -> { }).run();
                RuntimeException failure = failures.get(accountId);
                if (failure != null) {
                    throw failure;
                }
                QuotaProvider owner = QuotaProvider.builtIn().stream().filter(p -> p.id().equals(provider))
                        .findFirst().orElseThrow();
                return new QuotaResult.Fetched(owner, accountId,
                        answers.getOrDefault(accountId, t -> List.of()).apply(clock.instant()), clock.instant(),
                        false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public List<QuotaProvider> providers() {
            return QuotaProvider.builtIn();
        }

        /** {@code left} of the account's five-hour window, which resets at {@code reset}. */
        void left(String accountId, double left, Instant reset) {
            answers.put(accountId, t -> List.of(QuotaEntry.percent("codex", left, reset).withWindow("5h")));
        }
    }

    @Test
    void anAccountThatCrossesTheThresholdIsPausedUntilItsResetThenResumed() {
        account("codex-a.json");
        Instant reset = clock.instant().plus(Duration.ofHours(2));
        quotas.left("codex-a", 0.5, reset);

        automation.check();
        assertFalse(paused("codex-a"));
        assertEquals(List.of(), kinds());

        clock.advance(POLL);
        quotas.left("codex-a", 0.15, reset);
        automation.check();
        assertFalse(paused("codex-a"));
        assertEquals(List.of(AlertKind.QUOTA_LOW), kinds(), "20 % is low, 5 % pauses");

        clock.advance(POLL);
        quotas.left("codex-a", 0.04, reset);
        automation.check();
        assertTrue(paused("codex-a"));
        assertEquals(new AccountPause(PauseReason.QUOTA, clock.instant(), Optional.of(reset)),
                status("codex-a").pause().orElseThrow());
        assertEquals(List.of(AlertKind.QUOTA_LOW, AlertKind.ACCOUNT_PAUSED), kinds(), "low is told once");
        AccountAlert paused = alerts.getLast();
        assertEquals(Optional.of(PauseReason.QUOTA), paused.reason());
        assertEquals(Optional.of(reset), paused.resumeAt());
        assertEquals(1, paused.quotas().size());

        int asked = quotas.asked.size();
        clock.advance(Duration.between(clock.instant(), reset.minusMillis(1)));
        automation.check();
        assertTrue(paused("codex-a"), "not before the reset");
        assertEquals(asked, quotas.asked.size(), "a paused account's quota is not asked for");

        clock.advance(Duration.ofMillis(1));
        quotas.left("codex-a", 1.0, reset.plus(Duration.ofHours(5)));
        automation.check();
        assertFalse(paused("codex-a"));
        assertEquals(List.of(AlertKind.QUOTA_LOW, AlertKind.ACCOUNT_PAUSED, AlertKind.ACCOUNT_RESUMED), kinds());
        assertEquals(Optional.of(PauseReason.QUOTA), alerts.getLast().reason());
        assertEquals(Map.of(), store.pauses());

        automation.run();
        assertEquals(AccountNotes.NONE, store.notes().getOrDefault("codex-a.json", AccountNotes.NONE),
                "recovered: low no more, so a later crossing is told again");
    }

    @Test
    void aPersonsPauseStaysWhateverTheQuotaAndTheTime() {
        account("codex-a.json");
        account("codex-b.json");
        Instant reset = clock.instant().plus(Duration.ofHours(1));
        quotas.left("codex-a", 0.01, reset);
        quotas.left("codex-b", 0.01, reset);
        accounts.pause("codex", "codex-b");
        automation.check();
        assertTrue(paused("codex-a"));
        accounts.resume("codex", "codex-a");
        accounts.pause("codex", "codex-a");

        for (int i = 0; i < 300; i++) {
            clock.advance(POLL);
            automation.check();
        }

        assertEquals(PauseReason.MANUAL, status("codex-a").pause().orElseThrow().reason());
        assertEquals(PauseReason.MANUAL, status("codex-b").pause().orElseThrow().reason());
        assertTrue(paused("codex-a") && paused("codex-b"));
    }

    @Test
    void aPersonsActDuringAPassIsNeverOverriddenByWhatThePassDecidedBefore() {
        account("codex-a.json");
        account("codex-b.json");
        Instant reset = clock.instant().plus(Duration.ofMinutes(2));
        quotas.left("codex-a", 0.0, reset);
        automation.check();
        assertTrue(paused("codex-a"));
        // While the pass that will resume a at its reset asks b's quota, a person resumes a and pauses it again.
        quotas.meanwhile.put("codex-b", () -> {
            accounts.resume("codex", "codex-a");
            accounts.pause("codex", "codex-a");
        });
        clock.advance(Duration.ofMinutes(2));

        automation.check();

        assertTrue(paused("codex-a"), "the person's pause stays");
        assertEquals(PauseReason.MANUAL, status("codex-a").pause().orElseThrow().reason());
        assertEquals(List.of(AlertKind.ACCOUNT_PAUSED, AlertKind.ACCOUNT_RESUMED, AlertKind.ACCOUNT_PAUSED),
                kinds().stream().filter(k -> k != AlertKind.QUOTA_LOW).toList());
    }

    @Test
    void aPersonsResumeWinsUntilTheResetThenTheAutomationAppliesAgain() {
        account("codex-a.json");
        Instant reset = clock.instant().plus(Duration.ofHours(1));
        quotas.left("codex-a", 0.01, reset);
        automation.check();
        assertTrue(paused("codex-a"));

        clock.advance(Duration.ofMinutes(10));
        accounts.resume("codex", "codex-a");
        assertEquals(Optional.of(new ManualHold(clock.instant(), Optional.of(reset))),
                store.notes().get("codex-a.json").hold());
        for (int i = 0; i < 49; i++) {
            clock.advance(POLL);
            automation.check();
            assertFalse(paused("codex-a"), "held at " + clock.instant());
        }

        clock.advance(Duration.ofMinutes(1));
        Instant next = reset.plus(Duration.ofHours(5));
        quotas.left("codex-a", 0.02, next);
        automation.check();
        assertTrue(paused("codex-a"), "after the reset the rule applies again");
        assertEquals(Optional.of(next), status("codex-a").pause().orElseThrow().resumeAt());
        assertEquals(Optional.empty(), store.notes().getOrDefault("codex-a.json", AccountNotes.NONE).hold());
    }

    @Test
    void aRestartOfTheControlServerInTheMiddleLosesNothing() {
        account("codex-a.json");
        account("codex-b.json");
        Instant reset = clock.instant().plus(Duration.ofHours(1));
        quotas.left("codex-a", 0.0, reset);
        quotas.left("codex-b", 0.0, reset);
        automation.check();
        accounts.resume("codex", "codex-b");

        restart();
        clock.advance(Duration.ofMinutes(30));
        automation.check();
        assertTrue(paused("codex-a"), "the pause and its time are on disk");
        assertFalse(paused("codex-b"), "and so is the person's resume");
        assertEquals(List.of(), kinds(), "nothing told twice after the restart");

        restart();
        clock.advance(Duration.ofMinutes(30));
        automation.check();
        assertFalse(paused("codex-a"));
        assertEquals(List.of(AlertKind.ACCOUNT_RESUMED), kinds());
    }

    @Test
    void dueResumesAreMadeAtEachCheckBetweenPassesAndOnceTheAutomationIsOff() {
        account("codex-a.json");
        Instant reset = clock.instant().plus(Duration.ofSeconds(30));
        quotas.left("codex-a", 0.0, reset);
        automation.check();
        assertTrue(paused("codex-a"));
        settings.put(automation(Map.of("enabled", false)));

        clock.advance(Duration.ofSeconds(30));
        int asked = quotas.asked.size();
        automation.check();

        assertFalse(paused("codex-a"), "resumed at its reset though the automation is off now");
        assertEquals(asked, quotas.asked.size());
    }

    @Test
    void anExpiredTokenIsToldOnceAndNeverAskedForAndARefusedOneNotUntilItsFileChanges() {
        account("codex-old.json", Optional.of(clock.instant().minusSeconds(1)));
        account("codex-soon.json", Optional.of(clock.instant().plus(Duration.ofHours(2))));
        account("codex-bad.json");
        quotas.failures.put("codex-bad", new ConflictException(ErrorCode.REAUTH_REQUIRED, "rejected"));

        automation.check();
        clock.advance(POLL);
        automation.check();

        assertEquals(List.of("codex-bad", "codex-soon"), quotas.asked.stream().distinct().sorted().toList());
        assertEquals(1, quotas.asked.stream().filter("codex-bad"::equals).count(), "not asked again");
        assertEquals(List.of(AlertKind.TOKEN_EXPIRING, AlertKind.TOKEN_EXPIRED),
                kinds().stream().sorted().toList());
        AccountAutomationStatus status = automation.status();
        assertEquals(List.of("codex/codex-bad", "codex/codex-old"), status.reauthRequired());

        store.put("codex-bad.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(),
                MODIFIED.plusSeconds(1));
        quotas.failures.clear();
        clock.advance(POLL);
        automation.check();
        assertEquals(2, quotas.asked.stream().filter("codex-bad"::equals).count(), "signed in again: asked");
        assertEquals(List.of("codex/codex-old"), automation.status().reauthRequired());

        store.put("codex-old.json", false, Optional.of("codex"), Optional.empty(),
                Optional.of(clock.instant().plus(Duration.ofDays(9))), MODIFIED.plusSeconds(1));
        automation.run();
        store.put("codex-old.json", false, Optional.of("codex"), Optional.empty(),
                Optional.of(clock.instant().minusSeconds(1)), MODIFIED.plusSeconds(2));
        automation.run();
        assertEquals(2, kinds().stream().filter(AlertKind.TOKEN_EXPIRED::equals).count(),
                "valid in between: a new expiry is told again");
    }

    @Test
    void aRateLimitStopsTheProviderForThePassAndThoseNotAskedGoFirstNextTime() {
        for (String id : List.of("codex-a", "codex-b", "codex-c")) {
            account(id + ".json");
        }
        quotas.failures.put("codex-a", new RateLimitedException(ErrorCode.RATE_LIMITED, "slow down",
                Duration.ofSeconds(5)));
        settings.put(automation(Map.of("maxConcurrent", 1)));

        automation.check();

        assertEquals(List.of("codex-a"), quotas.asked);
        assertEquals(1, automation.status().rateLimited());
        quotas.failures.clear();
        clock.advance(POLL);
        automation.check();
        assertEquals(List.of("codex-a", "codex-b", "codex-c", "codex-a"), quotas.asked);
        assertEquals(3, automation.status().polled());
    }

    @Test
    void atMostMaxConcurrentCallsAreMadeAtOnce() {
        for (int i = 0; i < 12; i++) {
            account("codex-" + i + ".json");
        }
        settings.put(automation(Map.of("maxConcurrent", 3)));
        quotas.callTime = Duration.ofMillis(30);

        automation.check();

        assertEquals(12, quotas.asked.size());
        assertTrue(quotas.mostInFlight.get() <= 3, "at most 3 at once, was " + quotas.mostInFlight.get());
        assertTrue(quotas.mostInFlight.get() >= 2, "calls do overlap");
    }

    @Test
    void onlyTheProvidersOfThePolicyWithAQuotaApiAreAskedAndFailuresAreCounted() {
        account("codex-a.json");
        store.put("claude-a.json", false, Optional.of("claude"), Optional.empty(), Optional.empty(), MODIFIED);
        store.put("iflow-a.json", false, Optional.of("iflow"), Optional.empty(), Optional.empty(), MODIFIED);
        store.put("xai-a.json", false, Optional.of("xai"), Optional.empty(), Optional.empty(), MODIFIED);
        settings.put(automation(Map.of("providers", List.of("claude", "iflow", "xai"))));
        quotas.failures.put("claude-a", new UpstreamFailureException(ErrorCode.UPSTREAM_UNREACHABLE, "down"));

        automation.check();

        assertEquals(List.of("claude-a"), quotas.asked);
        assertEquals(1, automation.status().failed());
        assertEquals(0, automation.status().polled());
    }

    @Test
    void theWatchRunsOnlyWhileEnabledOrAWebhookWaitsAndAChangedPolicyAppliesAtOnce() {
        account("codex-a.json", Optional.of(clock.instant().minusSeconds(1)));
        account("codex-b.json");
        settings.put(ControlSettings.DEFAULTS);
        automation.check();
        assertEquals(List.of(), kinds());
        assertEquals(AccountAutomationStatus.NEVER, automation.status());

        settings.put(ControlSettings.fromTree(Map.of("alerts", Map.of("webhooks", Map.of("ops",
                Map.of("url", "https://h.test/x"))))));
        automation.check();
        assertEquals(List.of(AlertKind.TOKEN_EXPIRED), kinds(), "a webhook waits: token alerts");
        assertEquals(List.of(), quotas.asked, "but no quota without the automation");
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(5))), automation.status().nextPassAt());

        settings.put(automation(Map.of()));
        automation.check();
        assertEquals(List.of("codex-b"), quotas.asked, "enabled: a pass at once, not at the next poll");
        automation.check();
        assertEquals(List.of("codex-b"), quotas.asked, "then at the poll interval");

        settings.corrupt();
        clock.advance(POLL);
        automation.check();
        assertEquals(List.of("codex-b", "codex-b"), quotas.asked, "a broken file: the last good settings");

        settings.put(ControlSettings.DEFAULTS);
        AccountAutomationStatus ran = automation.run();
        assertEquals(ran, automation.status());
        assertEquals(Optional.of(clock.instant()), ran.lastPassAt());
        assertEquals(Optional.empty(), ran.nextPassAt(), "nothing watches: no next pass");
        assertFalse(ran.enabled());
        assertEquals(List.of("codex-b", "codex-b"), quotas.asked);
    }

    @Test
    void onlyTheAccountThatRanLowIsPausedAmongOthersInTheSameState() {
        account("codex-a.json");
        account("codex-b.json");
        account("codex-c.json");
        quotas.left("codex-b", 0.0, clock.instant().plus(Duration.ofHours(1)));

        AccountAutomationStatus ran = automation.run();

        assertEquals(3, ran.polled());
        assertEquals(List.of(false, true, false), List.of(paused("codex-a"), paused("codex-b"), paused("codex-c")));
    }

    @Test
    void aCheckBetweenPassesListsNoAccountUnlessAPauseIsDue() {
        AtomicInteger listings = new AtomicInteger();
        AccountStorePort counting = new CountingStore(store, listings);
        accounts = new AccountsService(counting, clock, Duration.ofHours(24), alerts::add);
        automation = new QuotaAutomationService(accounts, quotas, settings, Duration.ofMillis(10));
        account("codex-a.json");
        quotas.left("codex-a", 0.0, clock.instant().plus(Duration.ofMinutes(30)));
        automation.check();
        assertTrue(paused("codex-a"));
        int after = listings.get();

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            automation.check();
        }
        assertEquals(after, listings.get(), "between passes: the pause records alone");

        clock.advance(Duration.ofMinutes(30).minusSeconds(10));
        settings.put(automation(Map.of("pollInterval", "1h")));
        automation.check();
        listings.set(0);
        clock.advance(Duration.ofSeconds(1));
        automation.check();
        assertFalse(paused("codex-a"), "due: resumed between passes");
        assertTrue(listings.get() > 0);
    }

    /** The store, counting its listings. */
    private record CountingStore(InMemoryAccounts delegate, AtomicInteger listings) implements DelegatingAccountStore {
        @Override
        public List<AccountToken> list() {
            listings.incrementAndGet();
            return delegate.list();
        }
    }

    @Test
    void aPauseUndoneByAnotherProgramCountsAsAPersonsResume() {
        account("codex-a.json");
        Instant reset = clock.instant().plus(Duration.ofHours(1));
        quotas.left("codex-a", 0.0, reset);
        automation.check();
        // The ccs CLI moves the file back; the record stays.
        store.delete("codex-a.json", true);
        account("codex-a.json");

        clock.advance(POLL);
        automation.check();

        assertFalse(paused("codex-a"));
        assertEquals(Map.of(), store.pauses());
        assertEquals(Optional.of(reset), store.notes().get("codex-a.json").hold().flatMap(ManualHold::until));
    }

    @Test
    void theThreadChecksUntilClosed() {
        account("codex-a.json");
        automation.start();
        automation.start();
        Await.until(() -> quotas.asked.size() == 1, "the first pass");
        automation.close();
        clock.advance(POLL);
        int asked = quotas.asked.size();
        for (int i = 0; i < 5; i++) {
            automation.check(); // a direct check still works; only the thread is gone
        }
        assertEquals(asked + 1, quotas.asked.size());
    }

    // --- helpers ---

    private ControlSettings automation(Map<String, Object> overrides) {
        Map<String, Object> section = new LinkedHashMap<>(Map.of("enabled", true, "pollInterval", "1m"));
        section.putAll(overrides);
        return ControlSettings.fromTree(Map.of("automation", section));
    }

    private void account(String file) {
        account(file, Optional.empty());
    }

    private void account(String file, Optional<Instant> expiresAt) {
        store.put(file, false, Optional.of("codex"), Optional.empty(), expiresAt, MODIFIED);
    }

    private void restart() {
        automation.close();
        alerts.clear();
        accounts = new AccountsService(store, clock, Duration.ofHours(24), alerts::add);
        automation = new QuotaAutomationService(accounts, quotas, settings, Duration.ofMillis(10));
    }

    private AccountStatus status(String accountId) {
        return accounts.list().stream().filter(s -> s.token().accountId().equals(accountId)).findFirst()
                .orElseThrow();
    }

    private boolean paused(String accountId) {
        return status(accountId).token().paused();
    }

    private List<AlertKind> kinds() {
        return new ArrayList<>(alerts.stream().map(AccountAlert::kind).toList());
    }
}
