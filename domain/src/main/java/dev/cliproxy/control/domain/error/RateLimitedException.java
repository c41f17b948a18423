package dev.cliproxy.control.domain.error;

import java.time.Duration;
import java.util.Optional;

/** Too many requests, ours or an upstream's: HTTP 429, with {@code Retry-After} when it is known. */
public final class RateLimitedException extends ControlException {

    private final Duration retryAfter;

    /** With {@code code}'s standard {@code error} text. */
    public RateLimitedException(ErrorCode code, String detail, Duration retryAfter) {
        this(code.error(), detail, code, retryAfter);
    }

    public RateLimitedException(String error, String detail, ErrorCode code, Duration retryAfter) {
        super(error, detail, code, null);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
