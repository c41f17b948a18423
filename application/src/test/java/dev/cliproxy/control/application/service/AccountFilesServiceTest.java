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
import dev.cliproxy.control.domain.model.AccountEvent;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.testkit.InMemoryAccountFiles;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountFilesServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant MODIFIED = Instant.parse("2026-11-01T08:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryAccountFiles files = new InMemoryAccountFiles(accounts, clock);
    private final AccountEventsService events = new AccountEventsService();
    private final List<AccountEvent> told = new ArrayList<>();
    private final AccountFilesService service = new AccountFilesService(accounts, files, QuotaProvider.builtIn(),
            events, clock, Duration.ofHours(6));

    AccountFilesServiceTest() {
        events.watch(told::add);
    }

    @Test
    void anImportIsNamedByItsTypeAndEmailAndToldAsAnAddedAccount() {
        AccountStatus added = service.importToken(upload(Map.of("type", "codex", "email", "a@b.c",
                "expired", NOW.plus(Duration.ofHours(2)).toString())), Optional.empty(), false);

        assertEquals("codex-a@b.c.json", added.token().file());
        assertEquals("codex", added.token().provider());
        assertEquals("codex-a@b.c", added.token().accountId());
        assertEquals(TokenState.EXPIRING, added.state(), "judged against the listing's window");
        assertFalse(added.token().paused());
        assertEquals(List.of(added.token()), accounts.list());
        assertEquals(List.of(AccountEvent.added(added, Optional.empty(), NOW)), told);
    }

    @Test
    void anImportTakesTheNameItIsGivenWhateverItsType() {
        AccountStatus added = service.importToken(upload(Map.of("type", "anthropic")), Optional.of("work.json"), false);

        assertEquals("work.json", added.token().file());
        assertEquals("claude", added.token().provider());
    }

    @Test
    void aTakenNameIsAConflictUnlessReplaced() {
        service.importToken(upload(Map.of("type", "codex", "email", "a@b.c")), Optional.empty(), false);

        assertCode(ErrorCode.ACCOUNT_EXISTS, assertThrows(ConflictException.class, () ->
                service.importToken(upload(Map.of("type", "codex", "email", "a@b.c")), Optional.empty(), false)));
        assertEquals(1, told.size(), "a refused import tells nothing");

        AccountStatus replaced = service.importToken(upload(Map.of("type", "codex", "email", "a@b.c",
                "expired", NOW.minusSeconds(1).toString())), Optional.empty(), true);
        assertEquals(TokenState.EXPIRED, replaced.state());
        assertEquals(1, accounts.list().size());
    }

    @Test
    void aFileNoProviderOwnsOrThatCannotBeNamedIsRefused() {
        assertCode(ErrorCode.INVALID_TOKEN_FILE, assertThrows(InvalidInputException.class, () ->
                service.importToken(upload(Map.of("type", "qwen", "email", "a@b.c")), Optional.empty(), false)));
        assertCode(ErrorCode.INVALID_TOKEN_FILE, assertThrows(InvalidInputException.class, () ->
                service.importToken(upload(Map.of("email", "a@b.c")), Optional.empty(), false)));
        assertCode(ErrorCode.INVALID_FILE_NAME, assertThrows(InvalidInputException.class, () ->
                service.importToken(upload(Map.of("type", "codex")), Optional.empty(), false)));
        assertCode(ErrorCode.INVALID_FILE_NAME, assertThrows(InvalidInputException.class, () ->
                service.importToken(upload(Map.of("type", "codex")), Optional.of("../x.json"), false)));
        assertEquals(List.of(), accounts.list(), "nothing written");
        assertEquals(List.of(), told);
    }

    @Test
    void removeTakesTheActiveFileFirstAndRestoreBringsTheNewestBack() {
        accounts.put("codex-a.json", true, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        AccountToken active = accounts.put("codex-a.json", false, Optional.of("codex"), Optional.of("a@b.c"),
                Optional.empty(), MODIFIED);

        RemovedAccount removed = service.remove("codex", "codex-a");

        assertEquals(new RemovedAccount(active, NOW), removed);
        assertEquals(List.of(true), accounts.list().stream().map(AccountToken::paused).toList());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(service.remove("codex", "codex-a").token().paused(), "then the paused one");
        assertEquals(List.of(), accounts.list());

        assertTrue(service.restore("codex", "codex-a").token().paused(), "the newest first");
        AccountStatus restored = service.restore("codex", "codex-a");
        assertEquals(active, restored.token(), "the file as it was, back in auth/");
        assertEquals(Optional.empty(), restored.pause());
        assertEquals(2, accounts.list().size());
        assertEquals(List.of(), files.removed());
    }

    @Test
    void aRestoreOntoANameTakenAgainIsAConflict() {
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        service.remove("codex", "codex-a");
        service.importToken(upload(Map.of("type", "codex")), Optional.of("codex-a.json"), false);

        assertCode(ErrorCode.ACCOUNT_EXISTS, assertThrows(ConflictException.class,
                () -> service.restore("codex", "codex-a")));
        assertEquals(1, files.removed().size(), "still kept");
    }

    @Test
    void aPausedFileGoesBackPausedWithItsRecord() {
        AccountToken paused = accounts.put("claude-p.json", true, Optional.of("claude"), Optional.empty(),
                Optional.empty(), MODIFIED);
        AccountPause quota = new AccountPause(PauseReason.QUOTA, MODIFIED, Optional.of(NOW.plusSeconds(60)));
        accounts.recordPause("claude-p.json", Optional.of(quota));

        service.remove("claude", "claude-p");
        AccountStatus restored = service.restore("claude", "claude-p");

        assertEquals(paused, restored.token());
        assertEquals(Optional.of(quota), restored.pause());

        service.remove("claude", "claude-p");
        accounts.recordPause("claude-p.json", Optional.empty());
        assertEquals(Optional.of(AccountPause.unrecorded(MODIFIED)), service.restore("claude", "claude-p").pause());
    }

    @Test
    void theNewestRemovedCopyIsRestored() {
        service.importToken(upload(Map.of("type", "codex", "email", "old@b.c")), Optional.of("codex-x.json"), false);
        service.remove("codex", "codex-x");
        clock.advance(Duration.ofSeconds(1));
        service.importToken(upload(Map.of("type", "codex", "email", "new@b.c")), Optional.of("codex-x.json"), false);
        service.remove("codex", "codex-x");

        assertEquals(Optional.of("new@b.c"), service.restore("codex", "codex-x").token().email());
        service.remove("codex", "codex-x");
        assertEquals(Optional.of("new@b.c"), service.restore("codex", "codex-x").token().email(),
                "removed again later, it is the newest again");
    }

    @Test
    void removedFilesArePurgedOnceTheirTimeIsUp() {
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        RemovedAccount removed = service.remove("codex", "codex-a");
        assertEquals(NOW.plus(Duration.ofDays(30)), removed.purgeAt());

        clock.advance(Duration.ofDays(30).minusMillis(1));
        service.restore("codex", "codex-a");
        service.remove("codex", "codex-a");
        clock.advance(Duration.ofDays(30));
        accounts.put("codex-b.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        service.remove("codex", "codex-b");

        assertEquals(List.of("codex-b.json"), files.removed().stream().map(r -> r.token().file()).toList(),
                "the older one is gone, purged by the next removal");
        NotFoundException gone = assertThrows(NotFoundException.class, () -> service.restore("codex", "codex-a"));
        assertTrue(gone.detail().orElseThrow().contains("30 days"), gone.detail().orElseThrow());
    }

    @Test
    void aRemovedFileWhoseTimeIsUpIsPurgedBeforeARestoreCanTakeIt() {
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        service.remove("codex", "codex-a");
        clock.advance(Duration.ofDays(30));

        NotFoundException gone = assertThrows(NotFoundException.class, () -> service.restore("codex", "codex-a"));

        assertTrue(gone.detail().orElseThrow().contains("kept 30 days"), gone.toString());
        assertEquals(List.of(), files.removed());
    }

    @Test
    void eachOperationLetsTheNextThreadIn() throws Exception {
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Thread.ofPlatform().start(() -> service.remove("codex", "codex-a")).join();
            Thread.ofPlatform().start(() -> service.restore("codex", "codex-a")).join();
            Thread.ofPlatform().start(() -> service.importToken(upload(Map.of("type", "codex")),
                    Optional.of("b.json"), false)).join();
        });
        assertEquals(2, accounts.list().size());
    }

    @Test
    void anImportPurgesToo() {
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);
        service.remove("codex", "codex-a");
        clock.advance(Duration.ofDays(31));

        service.importToken(upload(Map.of("type", "codex", "email", "z@b.c")), Optional.empty(), false);

        assertEquals(List.of(), files.removed());
    }

    @Test
    void unknownAndMalformedAccountsAreRefusedAndNothingChanges() {
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), MODIFIED);

        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> service.remove("claude", "codex-a")));
        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> service.remove("codex", "codex-b")));
        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> service.restore("codex", "codex-a")));
        assertCode(ErrorCode.INVALID_PROVIDER, assertThrows(InvalidInputException.class,
                () -> service.remove("Codex", "codex-a")));
        assertCode(ErrorCode.INVALID_PROVIDER, assertThrows(InvalidInputException.class,
                () -> service.restore(null, "codex-a")));
        assertCode(ErrorCode.INVALID_ACCOUNT_ID, assertThrows(InvalidInputException.class,
                () -> service.remove("codex", "../codex-a")));
        assertCode(ErrorCode.INVALID_ACCOUNT_ID, assertThrows(InvalidInputException.class,
                () -> service.restore("codex", "a/b")));
        assertEquals(1, accounts.list().size());
        assertEquals(List.of(), files.removed());
    }

    @Test
    void aFileGoneBeforeItsRemovalIsNotFound() {
        AccountToken token = accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(),
                Optional.empty(), MODIFIED);
        InMemoryAccounts other = new InMemoryAccounts();
        AccountFilesService racing = new AccountFilesService(accounts, new InMemoryAccountFiles(other, clock),
                QuotaProvider.builtIn(), events, clock, Duration.ofHours(6));

        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, assertThrows(NotFoundException.class,
                () -> racing.remove("codex", token.accountId())));
    }

    private static TokenFileUpload upload(Map<String, Object> json) {
        return TokenFileUpload.of(json.toString().getBytes(StandardCharsets.UTF_8), json);
    }

    private static void assertCode(ErrorCode code, ControlException e) {
        assertEquals(Optional.of(code), e.errorCode(), e.toString());
    }
}
