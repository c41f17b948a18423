package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.ManualHold;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountsServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant MODIFIED = Instant.parse("2026-11-01T08:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryAccounts store = new InMemoryAccounts();
    private final AccountsService service = new AccountsService(store, clock, Duration.ofHours(6));

    @Test
    void eachTokenIsJudgedByItsExpiryAgainstTheWindow() {
        put("codex-a.json", Optional.of(NOW.plus(Duration.ofHours(7))));
        put("codex-b.json", Optional.of(NOW.plus(Duration.ofHours(6))));
        put("codex-c.json", Optional.of(NOW));
        put("codex-d.json", Optional.empty());

        assertEquals(List.of(TokenState.VALID, TokenState.EXPIRING, TokenState.EXPIRED, TokenState.UNKNOWN),
                service.list().stream().map(AccountStatus::state).toList());
    }

    @Test
    void aPausedFileWithoutARecordCountsAsAPersonsPause() {
        store.put("claude-x.json", true, Optional.of("claude"), Optional.empty(), Optional.empty(), MODIFIED);

        AccountStatus status = service.list().getFirst();

        assertEquals(Optional.of(new AccountPause(PauseReason.MANUAL, MODIFIED, Optional.empty())), status.pause());
    }

    @Test
    void aRecordedQuotaPauseIsReportedWithItsResumeTime() {
        store.put("codex-q.json", true, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        AccountPause quota = new AccountPause(PauseReason.QUOTA, MODIFIED, Optional.of(NOW.plusSeconds(60)));
        store.recordPause("codex-q.json", Optional.of(quota));

        assertEquals(Optional.of(quota), service.list().getFirst().pause());
    }

    @Test
    void pauseMovesTheFileAndRecordsAManualPauseAndResumeForgetsIt() {
        put("codex-a.json", Optional.empty());

        AccountStatus paused = service.pause("codex", "codex-a");

        assertTrue(paused.token().paused());
        AccountPause manual = new AccountPause(PauseReason.MANUAL, NOW, Optional.empty());
        assertEquals(Optional.of(manual), paused.pause());
        assertEquals(manual, store.pauses().get("codex-a.json"));
        assertEquals(List.of(paused), service.list());

        AccountStatus resumed = service.resume("codex", "codex-a");

        assertFalse(resumed.token().paused());
        assertEquals(Optional.empty(), resumed.pause());
        assertEquals(Map.of(), store.pauses());
        assertEquals(List.of(resumed), service.list());
    }

    @Test
    void aPersonsPauseAndResumeAreToldAndTheResumeHoldsTheAutomationOffUntilItsReset() {
        List<AccountAlert> told = new ArrayList<>();
        AccountsService telling = new AccountsService(store, clock, Duration.ofHours(6), told::add);
        store.put("codex-q.json", true, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        Instant reset = NOW.plus(Duration.ofHours(1));
        store.recordPause("codex-q.json", Optional.of(new AccountPause(PauseReason.QUOTA, MODIFIED,
                Optional.of(reset))));

        telling.resume("codex", "codex-q");
        assertEquals(Optional.of(new ManualHold(NOW, Optional.of(reset))), store.notes().get("codex-q.json").hold());
        clock.advance(Duration.ofMinutes(1));
        telling.pause("codex", "codex-q");

        assertEquals(Map.of(), store.notes(), "a person's pause ends the hold");
        assertEquals(List.of(AlertKind.ACCOUNT_RESUMED, AlertKind.ACCOUNT_PAUSED),
                told.stream().map(AccountAlert::kind).toList());
        assertEquals(List.of(Optional.of(PauseReason.MANUAL), Optional.of(PauseReason.MANUAL)),
                told.stream().map(AccountAlert::reason).toList());
        assertEquals(List.of(NOW, NOW.plus(Duration.ofMinutes(1))), told.stream().map(AccountAlert::at).toList());
        assertEquals("codex-q.json", told.getFirst().file());
    }

    @Test
    void aListenerThatFailsNeitherStopsNorUndoesTheChange() {
        AccountsService telling = new AccountsService(store, clock, Duration.ofHours(6), alert -> {
            throw new IllegalStateException("listener gone");
        });
        put("codex-a.json", Optional.empty());

        assertTrue(telling.pause("codex", "codex-a").token().paused());
        assertTrue(service.list().getFirst().token().paused());
    }

    @Test
    void alreadyInThatStateIsAConflictAndChangesNothing() {
        put("codex-a.json", Optional.empty());
        List<AccountStatus> before = service.list();

        assertCode(ErrorCode.ACCOUNT_NOT_PAUSED, assertThrows(ConflictException.class,
                () -> service.resume("codex", "codex-a")));
        service.pause("codex", "codex-a");
        assertCode(ErrorCode.ACCOUNT_ALREADY_PAUSED, assertThrows(ConflictException.class,
                () -> service.pause("codex", "codex-a")));
        service.resume("codex", "codex-a");
        assertEquals(before, service.list());
    }

    @Test
    void anUnknownAccountOrAMalformedNameChangesNothing() {
        put("codex-a.json", Optional.empty());
        List<AccountStatus> before = service.list();

        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> service.pause("codex", "codex-b")));
        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> service.pause("claude", "codex-a")));
        for (String id : List.of("../codex-a", "a..b", "a/b", "", "a b")) {
            assertCode(ErrorCode.INVALID_ACCOUNT_ID, assertThrows(InvalidInputException.class,
                    () -> service.pause("codex", id)));
        }
        for (String provider : List.of("Codex", "../x", "", "a/b")) {
            assertCode(ErrorCode.INVALID_PROVIDER, assertThrows(InvalidInputException.class,
                    () -> service.pause(provider, "codex-a")));
        }
        assertEquals(before, service.list());
        assertEquals(Map.of(), store.pauses());
    }

    @Test
    void aFileThatVanishedBeforeTheMoveIsNotFound() {
        InMemoryAccounts vanishing = new InMemoryAccounts();
        vanishing.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        AccountsService racing = new AccountsService(new VanishingStore(vanishing), clock, Duration.ofHours(6));

        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> racing.pause("codex", "codex-a")));
        assertEquals(Map.of(), vanishing.pauses());
    }

    @Test
    void theListingIsSortedByProviderThenAccount() {
        put("codex-b.json", Optional.empty());
        store.put("claude-z.json", false, Optional.of("claude"), Optional.empty(), Optional.empty(), MODIFIED);
        put("codex-a.json", Optional.empty());

        assertEquals(List.of("claude-z", "codex-a", "codex-b"),
                service.list().stream().map(s -> s.token().accountId()).toList());
    }

    private void put(String file, Optional<Instant> expiresAt) {
        store.put(file, false, Optional.of("codex"), Optional.of("a@example.com"), expiresAt, MODIFIED);
    }

    private static void assertCode(ErrorCode code, ControlException e) {
        assertEquals(Optional.of(code), e.errorCode());
    }

    /** A store whose file is deleted by another program between the listing and the move. */
    private record VanishingStore(InMemoryAccounts delegate) implements DelegatingAccountStore {
        @Override
        public Optional<AccountToken> move(AccountToken token, boolean toPaused) {
            delegate.delete(token.file(), token.paused());
            return delegate.move(token, toPaused);
        }
    }
}
