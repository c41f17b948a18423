package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert about an account, as {@code GET /events} and the webhooks tell it. Names and times only, never a token.
 *
 * @param reason    {@code account-paused}: why ({@code manual} or {@code quota}); {@code account-resumed}: by whom
 *                  ({@code manual}: a person; {@code quota}: the automation, at the quota's reset)
 * @param resumeAt  {@code account-paused} by the automation: when it resumes the account
 * @param expiresAt {@code token-expiring} and {@code token-expired}: the token's expiry
 * @param quotas    {@code quota-low} and {@code account-paused} by the automation: the quotas that ran low
 */
public record AccountAlert(AlertKind kind, Instant at, String provider, String accountId, String file,
                           Optional<PauseReason> reason, Optional<Instant> resumeAt, Optional<Instant> expiresAt,
                           List<QuotaEntry> quotas) {

    public AccountAlert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(resumeAt, "resumeAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        quotas = List.copyOf(quotas);
    }

    /** {@code account-paused}: {@code token}'s file was paused as {@code pause} says. */
    public static AccountAlert paused(AccountToken token, AccountPause pause, List<QuotaEntry> low, Instant at) {
        return new AccountAlert(AlertKind.ACCOUNT_PAUSED, at, token.provider(), token.accountId(), token.file(),
                Optional.of(pause.reason()), pause.resumeAt(), Optional.empty(), low);
    }

    /** {@code account-resumed}: by a person ({@code manual}) or by the automation ({@code quota}). */
    public static AccountAlert resumed(AccountToken token, PauseReason by, Instant at) {
        return new AccountAlert(AlertKind.ACCOUNT_RESUMED, at, token.provider(), token.accountId(), token.file(),
                Optional.of(by), Optional.empty(), Optional.empty(), List.of());
    }

    /** {@code token-expiring} or {@code token-expired}. */
    public static AccountAlert token(AlertKind kind, AccountToken token, Instant at) {
        if (kind != AlertKind.TOKEN_EXPIRING && kind != AlertKind.TOKEN_EXPIRED) {
            throw new IllegalArgumentException("not a token alert: " + kind.id());
        }
        return new AccountAlert(kind, at, token.provider(), token.accountId(), token.file(), Optional.empty(),
                Optional.empty(), token.expiresAt(), List.of());
    }

    /** {@code quota-low}: the quotas of {@code token}'s account that ran low. */
    public static AccountAlert quotaLow(AccountToken token, List<QuotaEntry> low, Instant at) {
        return new AccountAlert(AlertKind.QUOTA_LOW, at, token.provider(), token.accountId(), token.file(),
                Optional.empty(), Optional.empty(), Optional.empty(), low);
    }
}
