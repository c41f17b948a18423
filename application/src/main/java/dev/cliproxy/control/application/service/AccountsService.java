package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.application.usecase.PauseAccountUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AccountId;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lists the accounts with their tokens' health, and pauses and resumes them. The file is moved first and the
 * record written after, so that a crash between the two leaves a paused file without a record, which counts as a
 * person's pause: automation never undoes what it cannot prove it did.
 */
public final class AccountsService implements ListAccountsUseCase, PauseAccountUseCase {

    /** The default window within which a token counts as expiring. */
    public static final Duration DEFAULT_EXPIRING_WINDOW = Duration.ofHours(24);

    /** A provider id or a file's {@code type}: nothing else is ever listed. */
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static final Comparator<AccountToken> ORDER = Comparator.comparing(AccountToken::provider)
            .thenComparing(AccountToken::accountId).thenComparing(AccountToken::paused);

    private final AccountStorePort store;
    private final Clock clock;
    private final Duration expiringWindow;

    public AccountsService(AccountStorePort store, Clock clock, Duration expiringWindow) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expiringWindow = Objects.requireNonNull(expiringWindow, "expiringWindow");
    }

    @Override
    public List<AccountStatus> list() {
        Map<String, AccountPause> pauses = store.pauses();
        Instant now = clock.instant();
        return store.list().stream().sorted(ORDER).map(token -> status(token, pauses, now)).toList();
    }

    @Override
    public synchronized AccountStatus pause(String provider, String accountId) {
        AccountToken token = find(provider, accountId, false, ErrorCode.ACCOUNT_ALREADY_PAUSED);
        AccountToken moved = move(token, true);
        AccountPause pause = new AccountPause(PauseReason.MANUAL, clock.instant(), Optional.empty());
        store.recordPause(moved.file(), Optional.of(pause));
        return new AccountStatus(moved, Optional.of(pause), state(moved, clock.instant()));
    }

    @Override
    public synchronized AccountStatus resume(String provider, String accountId) {
        AccountToken token = find(provider, accountId, true, ErrorCode.ACCOUNT_NOT_PAUSED);
        AccountToken moved = move(token, false);
        store.recordPause(moved.file(), Optional.empty());
        return new AccountStatus(moved, Optional.empty(), state(moved, clock.instant()));
    }

    /** The account's file in the state it leaves ({@code paused}); a 409 when it is only in the other state. */
    private AccountToken find(String provider, String accountId, boolean paused, ErrorCode already) {
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            throw new InvalidInputException(ErrorCode.INVALID_PROVIDER, null);
        }
        if (!AccountId.isValid(accountId)) {
            throw new InvalidInputException(ErrorCode.INVALID_ACCOUNT_ID, null);
        }
        List<AccountToken> matching = store.list().stream()
                .filter(t -> t.provider().equals(provider) && t.accountId().equals(accountId)).toList();
        return matching.stream().filter(t -> t.paused() == paused).findFirst().orElseThrow(() -> matching.isEmpty()
                ? notFound() : new ConflictException(already, null));
    }

    private AccountToken move(AccountToken token, boolean toPaused) {
        return store.move(token, toPaused).orElseThrow(AccountsService::notFound);
    }

    private static NotFoundException notFound() {
        return new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, null);
    }

    private AccountStatus status(AccountToken token, Map<String, AccountPause> pauses, Instant now) {
        Optional<AccountPause> pause = token.paused() ? Optional.of(pauses.getOrDefault(token.file(),
                AccountPause.unrecorded(token.modifiedAt()))) : Optional.empty();
        return new AccountStatus(token, pause, state(token, now));
    }

    private TokenState state(AccountToken token, Instant now) {
        return TokenState.of(token.expiresAt(), now, expiringWindow);
    }
}
