package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ImportAccountUseCase;
import dev.cliproxy.control.application.usecase.RemoveAccountUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AccountEvent;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.domain.port.AccountFilesPort;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Imports token files, removes accounts to {@code auth-removed/} and restores them. Each operation first deletes the
 * removed files older than {@link RemovedAccount#KEPT_FOR}. One operation at a time in this program; the store's
 * writes are atomic against other programs.
 */
public final class AccountFilesService implements ImportAccountUseCase, RemoveAccountUseCase {

    private final AccountStorePort accounts;
    private final AccountFilesPort files;
    private final List<QuotaProvider> catalogue;
    private final AccountEventsService events;
    private final Clock clock;
    private final Duration expiringWindow;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param catalogue      the providers whose {@code type}s an import accepts
     * @param expiringWindow how soon before its expiry a token counts as expiring, as in the listing
     */
    public AccountFilesService(AccountStorePort accounts, AccountFilesPort files, List<QuotaProvider> catalogue,
                               AccountEventsService events, Clock clock, Duration expiringWindow) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.files = Objects.requireNonNull(files, "files");
        this.catalogue = List.copyOf(catalogue);
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expiringWindow = Objects.requireNonNull(expiringWindow, "expiringWindow");
    }

    @Override
    public AccountStatus importToken(TokenFileUpload upload, Optional<String> name, boolean replace) {
        String file = upload.fileName(name, upload.owner(catalogue));
        AccountStatus added = locked(() -> {
            purgeExpired();
            AccountToken token = files.add(AuthFileName.parse(file).orElseThrow(), upload, replace);
            return status(token);
        });
        events.publish(AccountEvent.added(added, Optional.empty(), clock.instant()));
        return added;
    }

    @Override
    public RemovedAccount remove(String provider, String accountId) {
        AccountLookup.check(provider, accountId);
        return locked(() -> {
            purgeExpired();
            // The active file first: the one the proxy uses.
            AccountToken token = accounts.list().stream()
                    .filter(t -> t.provider().equals(provider) && t.accountId().equals(accountId))
                    .min(Comparator.comparing(AccountToken::paused))
                    .orElseThrow(AccountFilesService::notFound);
            return files.remove(token, clock.instant()).orElseThrow(AccountFilesService::notFound);
        });
    }

    @Override
    public AccountStatus restore(String provider, String accountId) {
        AccountLookup.check(provider, accountId);
        return locked(() -> {
            RemovedAccount newest = purgeExpired().stream()
                    .filter(r -> r.token().provider().equals(provider) && r.token().accountId().equals(accountId))
                    .max(Comparator.comparing(RemovedAccount::removedAt))
                    .orElseThrow(() -> new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND,
                            "No removed file of this account is kept (removed files are kept "
                                    + RemovedAccount.KEPT_FOR.toDays() + " days)"));
            return status(files.restore(newest).orElseThrow(AccountFilesService::notFound));
        });
    }

    /** Deletes the removed files whose time is up; the others, still kept. */
    private List<RemovedAccount> purgeExpired() {
        Instant now = clock.instant();
        List<RemovedAccount> removed = files.removed();
        removed.stream().filter(r -> r.expiredAt(now)).forEach(files::purge);
        return removed.stream().filter(r -> !r.expiredAt(now)).toList();
    }

    /** The account as the listing shows it: a paused one with its pause record, else a person's pause. */
    private AccountStatus status(AccountToken token) {
        Optional<AccountPause> pause = token.paused() ? Optional.of(accounts.pauses().getOrDefault(token.file(),
                AccountPause.unrecorded(token.modifiedAt()))) : Optional.empty();
        return new AccountStatus(token, pause, TokenState.of(token.expiresAt(), clock.instant(), expiringWindow));
    }

    private <T> T locked(Supplier<T> operation) {
        lock.lock();
        try {
            return operation.get();
        } finally {
            lock.unlock();
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, null);
    }
}
