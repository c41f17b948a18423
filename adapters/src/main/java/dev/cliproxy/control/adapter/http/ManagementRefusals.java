package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.RemoteProxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the management APIs of proxies on other hosts refused, for every client of them: each key a proxy refused
 * (401), kept as a digest with the proxy's URL, and each URL that refused this address (403), until when it is not
 * asked again.
 */
final class ManagementRefusals {

    /** How long a proxy that refused this address (403) is not asked again. */
    static final Duration FORBIDDEN_HOLD_OFF = Duration.ofMinutes(1);

    private final Clock clock;
    private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
    private final Map<URI, Instant> forbiddenUntil = new ConcurrentHashMap<>();

    ManagementRefusals(Clock clock) {
        this.clock = clock;
    }

    boolean refused(RemoteProxy target) {
        return refusedKeys.contains(fingerprint(target));
    }

    void refuse(RemoteProxy target) {
        refusedKeys.add(fingerprint(target));
    }

    /** Until when the proxy at {@code target}'s URL is not asked, when it refused this address lately. */
    Optional<Instant> forbidden(RemoteProxy target) {
        Instant until = forbiddenUntil.get(target.baseUri());
        return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
    }

    void forbid(RemoteProxy target) {
        forbiddenUntil.put(target.baseUri(), clock.instant().plus(FORBIDDEN_HOLD_OFF));
    }

    /** Forgets both refusals of {@code target}. */
    void forget(RemoteProxy target) {
        refusedKeys.remove(fingerprint(target));
        forbiddenUntil.remove(target.baseUri());
    }

    /** The URL and a digest of the management key: the key itself is never kept beside the refusal. */
    private static String fingerprint(RemoteProxy target) {
        String key = target.managementKey().orElse("");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return target.baseUri() + " " + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
