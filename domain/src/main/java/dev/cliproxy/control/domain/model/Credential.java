package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider account's token file, as far as a quota call needs it. Read per request and dropped after it;
 * {@link #toString()} never shows the token.
 *
 * @param fileName   the file's name in {@code auth/} or {@code auth-paused/}
 * @param accountId  the provider's own account id ({@code account_id} of codex), when the file has one
 * @param profileArn the Kiro profile ARN, when the file has one
 */
public record Credential(QuotaProvider provider, String fileName, boolean paused, Optional<String> email,
                         String accessToken, Optional<Instant> expiresAt, Optional<String> projectId,
                         Optional<String> accountId, Optional<String> profileArn) {

    public Credential {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(profileArn, "profileArn");
    }

    /** Whether the token's recorded expiry has passed; a file without one counts as not expired. */
    public boolean expiredAt(Instant now) {
        return expiresAt.map(expiry -> !expiry.isAfter(now)).orElse(false);
    }

    @Override
    public String toString() {
        return "Credential[" + provider.id() + ", " + fileName + (paused ? ", paused" : "") + ", token=<redacted>]";
    }
}
