package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Successful quota answers per provider and account, for a short TTL. Holds no token. */
final class QuotaCache {

    /** Past this many entries, expired ones are swept on each write, so that the map cannot grow without bound. */
    private static final int SWEEP_THRESHOLD = 1000;

    private record Key(QuotaProvider provider, String accountId) {
    }

    private record Entry(QuotaResult.Fetched result, Instant expiresAt) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    QuotaCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Optional<QuotaResult.Fetched> get(QuotaProvider provider, String accountId) {
        Key key = new Key(provider, accountId);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.result().asCached());
    }

    void put(QuotaResult.Fetched result) {
        Instant now = clock.instant();
        if (entries.size() >= SWEEP_THRESHOLD) {
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
        }
        entries.put(new Key(result.provider(), result.accountId()), new Entry(result, now.plus(ttl)));
    }
}
