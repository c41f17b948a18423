package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class TokenStateProperties {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Property
    void theStateFollowsWhereTheExpiryFallsAgainstNowAndTheWindow(
            @ForAll @LongRange(min = -100_000, max = 100_000) long offsetSeconds,
            @ForAll @LongRange(min = 1, max = 50_000) long windowSeconds) {
        Instant expiry = NOW.plusSeconds(offsetSeconds);
        TokenState expected = offsetSeconds <= 0 ? TokenState.EXPIRED
                : offsetSeconds <= windowSeconds ? TokenState.EXPIRING : TokenState.VALID;

        assertEquals(expected, TokenState.of(Optional.of(expiry), NOW, Duration.ofSeconds(windowSeconds)));
    }

    @Property
    void noRecordedExpiryIsUnknown(@ForAll @LongRange(min = 1, max = 50_000) long windowSeconds) {
        assertEquals(TokenState.UNKNOWN, TokenState.of(Optional.empty(), NOW, Duration.ofSeconds(windowSeconds)));
    }
}
