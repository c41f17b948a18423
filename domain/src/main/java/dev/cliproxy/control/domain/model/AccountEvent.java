package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An account being added, told on {@code GET /events}: a sign-in started, an account added (by a sign-in or an
 * import), a sign-in failed or cancelled. Never a token.
 *
 * @param state   the sign-in's state; empty for an import
 * @param account the account added ({@link Kind#ACCOUNT_ADDED} only)
 * @param reason  why the sign-in failed ({@link Kind#LOGIN_FAILED} only)
 */
public record AccountEvent(Kind kind, String provider, Optional<String> state, Optional<AccountStatus> account,
                           Optional<String> reason, Instant at) {

    /** The kinds of events, named as the stream names them. */
    public enum Kind {
        LOGIN_STARTED, ACCOUNT_ADDED, LOGIN_FAILED;

        /** {@code login-started}, {@code account-added}, {@code login-failed}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public AccountEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (account.isPresent() != (kind == Kind.ACCOUNT_ADDED) || reason.isPresent() != (kind == Kind.LOGIN_FAILED)) {
            throw new IllegalArgumentException("an added account carries the account, a failure its reason");
        }
    }

    public static AccountEvent started(String provider, String state, Instant at) {
        return new AccountEvent(Kind.LOGIN_STARTED, provider, Optional.of(state), Optional.empty(), Optional.empty(),
                at);
    }

    /** An account added by the sign-in {@code state}, or (empty) by an import. */
    public static AccountEvent added(AccountStatus account, Optional<String> state, Instant at) {
        return new AccountEvent(Kind.ACCOUNT_ADDED, account.token().provider(), state, Optional.of(account),
                Optional.empty(), at);
    }

    public static AccountEvent failed(String provider, String state, String reason, Instant at) {
        return new AccountEvent(Kind.LOGIN_FAILED, provider, Optional.of(state), Optional.empty(),
                Optional.of(reason), at);
    }
}
