package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListAccountsUseCase;
import dev.cliproxy.control.application.usecase.PauseAccountUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountAutomationState;
import dev.cliproxy.control.domain.model.AccountId;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaAutomationRule;
import dev.cliproxy.control.domain.port.AccountStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Lists the accounts with their tokens' health, and pauses and resumes them for a person. The changes go through
 * the ledger the quota automation shares: a person's pause is never undone by the automation, and a person's resume
 * holds it off until the quota's next reset ({@link QuotaAutomationRule}). Each change is told as an alert.
 */
public final class AccountsService implements ListAccountsUseCase, PauseAccountUseCase {

    /** The default window within which a token counts as expiring. */
    public static final Duration DEFAULT_EXPIRING_WINDOW = Duration.ofHours(24);

    /** A provider id or a file's {@code type}: nothing else is ever listed. */
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static final Comparator<AccountToken> ORDER = Comparator.comparing(AccountToken::provider)
            .thenComparing(AccountToken::accountId).thenComparing(AccountToken::paused);

    private final AccountStorePort store;
    private final AccountLedger ledger;

    /** Without alerts: the changes are told to nobody. */
    public AccountsService(AccountStorePort store, Clock clock, Duration expiringWindow) {
        this(store, clock, expiringWindow, alert -> { });
    }

    /** @param alerts where {@code account-paused} and {@code account-resumed} go (and the automation's alerts) */
    public AccountsService(AccountStorePort store, Clock clock, Duration expiringWindow,
                           Consumer<AccountAlert> alerts) {
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = new AccountLedger(store, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(expiringWindow, "expiringWindow"), Objects.requireNonNull(alerts, "alerts"));
    }

    /** The kernel the quota automation changes accounts through. */
    AccountLedger ledger() {
        return ledger;
    }

    /** Read under the ledger's lock, so that no change is seen half made (a file moved, its pause not yet noted). */
    @Override
    public List<AccountStatus> list() {
        return ledger.locked(() -> {
            Map<String, AccountPause> pauses = store.pauses();
            Instant now = ledger.now();
            return store.list().stream().sorted(ORDER).map(token -> status(token, pauses, now)).toList();
        });
    }

    @Override
    public AccountStatus pause(String provider, String accountId) {
        return change(provider, accountId, false, ErrorCode.ACCOUNT_ALREADY_PAUSED,
                QuotaAutomationRule::afterManualPause);
    }

    @Override
    public AccountStatus resume(String provider, String accountId) {
        return change(provider, accountId, true, ErrorCode.ACCOUNT_NOT_PAUSED, QuotaAutomationRule::afterManualResume);
    }

    /** A person's pause or resume of the account's file that is {@code paused} now ({@code already}: else). */
    private AccountStatus change(String provider, String accountId, boolean paused, ErrorCode already,
                                 BiFunction<AccountAutomationState, Instant, AccountAutomationState> rule) {
        return ledger.locked(() -> {
            AccountToken token = find(provider, accountId, paused, already);
            Instant now = ledger.now();
            AccountAutomationState from = ledger.snapshot().state(token);
            AccountAutomationState to = rule.apply(from, now);
            AccountToken moved = ledger.apply(token, from, to, PauseReason.MANUAL, List.of());
            return new AccountStatus(moved, to.paused() ? to.pause() : Optional.empty(),
                    ledger.tokenState(moved, now));
        });
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

    private static NotFoundException notFound() {
        return new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, null);
    }

    private AccountStatus status(AccountToken token, Map<String, AccountPause> pauses, Instant now) {
        Optional<AccountPause> pause = token.paused() ? Optional.of(pauses.getOrDefault(token.file(),
                AccountPause.unrecorded(token.modifiedAt()))) : Optional.empty();
        return new AccountStatus(token, pause, ledger.tokenState(token, now));
    }
}
