package dev.cliproxy.control.domain.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An error's message is its short text, then its detail when it has one; code and detail are optional. */
class ControlExceptionTest {

    @Test
    void withoutDetailTheMessageIsTheErrorAlone() {
        InvalidInputException e = new InvalidInputException("bad name");
        assertEquals("bad name", e.getMessage());
        assertEquals("bad name", e.error());
        assertEquals(Optional.empty(), e.detail());
        assertEquals(Optional.empty(), e.code());
    }

    @Test
    void withDetailAndCodeBothAreKept() {
        IllegalStateException cause = new IllegalStateException();
        InvalidInputException e = new InvalidInputException("bad name", "no slashes", ErrorCode.INVALID_YAML, cause);
        assertEquals("bad name: no slashes", e.getMessage());
        assertEquals(Optional.of("no slashes"), e.detail());
        assertEquals(Optional.of("invalid_yaml"), e.code());
        assertEquals(Optional.of(ErrorCode.INVALID_YAML), e.errorCode());
        assertEquals(cause, e.getCause());
    }

    @Test
    void rateLimitsCarryTheirRetryAfterWhenKnown() {
        assertEquals(Optional.of(Duration.ofSeconds(3)),
                new RateLimitedException("slow down", null, null, Duration.ofSeconds(3)).retryAfter());
        assertEquals(Optional.empty(), new RateLimitedException("slow down", null, null, null).retryAfter());
    }
}
