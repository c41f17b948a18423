package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The 200 answers of {@code GET /quota/{provider}/{accountId}}. */
public sealed interface QuotaResult {

    QuotaProvider provider();

    String accountId();

    Instant fetchedAt();

    /** The provider's quotas, fresh or from the cache ({@code cached}). */
    record Fetched(QuotaProvider provider, String accountId, List<QuotaEntry> quotas, Instant fetchedAt,
                   boolean cached) implements QuotaResult {

        public Fetched {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            quotas = List.copyOf(quotas);
        }

        public Fetched asCached() {
            return new Fetched(provider, accountId, quotas, fetchedAt, true);
        }
    }

    /** The provider publishes no quota endpoint: never an error, never made-up numbers. */
    record Unsupported(QuotaProvider provider, String accountId, String message, Instant fetchedAt)
            implements QuotaResult {

        public Unsupported {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
        }
    }
}
