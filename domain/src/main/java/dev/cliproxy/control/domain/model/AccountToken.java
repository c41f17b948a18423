package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the account listing tells of one token file in {@code auth/} or {@code auth-paused/}: never its tokens.
 *
 * @param provider  the quota route's provider id when a provider of the catalogue owns the file, else the file's
 *                  own {@code type} in lower case, else {@code unknown} ({@link QuotaProvider#ownerOf})
 * @param accountId the file's stem, which the quota, pause and resume routes take for this very file
 * @param file      the file's name
 * @param expiresAt the access token's expiry, when the file records one
 */
public record AccountToken(String provider, String accountId, String file, Optional<String> email, boolean paused,
                           Optional<Instant> expiresAt, Instant modifiedAt) {

    public AccountToken {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }

    /**
     * The entry of the token file {@code file} (a {@code *.json} name) with what was read in it, owned by a provider
     * of {@code providers} (the catalogue: the built-in ones and those the embedder adds) where one claims it.
     */
    public static AccountToken of(List<QuotaProvider> providers, String file, Optional<String> type,
                                  Optional<String> email, boolean paused, Optional<Instant> expiresAt,
                                  Instant modifiedAt) {
        if (!file.endsWith(".json") || file.length() <= ".json".length()) {
            throw new IllegalArgumentException("a token file is named <stem>.json");
        }
        return new AccountToken(QuotaProvider.ownerOf(providers, type, file),
                file.substring(0, file.length() - ".json".length()), file, email, paused, expiresAt, modifiedAt);
    }

    /** The same file after a move to {@code auth-paused/} ({@code true}) or back to {@code auth/}. */
    public AccountToken movedTo(boolean nowPaused, Instant modified) {
        return new AccountToken(provider, accountId, file, email, nowPaused, expiresAt, modified);
    }
}
