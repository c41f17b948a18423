package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How quota answers are cached and rate limited, and how long a proxy probe may take.
 *
 * @param cacheTtl          how long a successful answer is served from the cache (default 2 minutes)
 * @param requestsPerMinute how many quota requests each provider admits per minute (default 120)
 * @param probeTimeout      how long to wait for the proxy's health answer when deciding on the managed path
 */
public record QuotaPolicy(Duration cacheTtl, int requestsPerMinute, Duration probeTimeout) {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(2);
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 120;

    public QuotaPolicy {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative, was " + cacheTtl);
        }
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be at least 1, was " + requestsPerMinute);
        }
    }
}
