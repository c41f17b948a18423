package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The health of an account's access token, judged by the expiry its file records. */
public enum TokenState {
    VALID, EXPIRING, EXPIRED, UNKNOWN;

    /** The name in answers. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TokenState> fromId(String id) {
        return Arrays.stream(values()).filter(state -> state.id().equals(id)).findFirst();
    }

    /**
     * {@code expired} at or after the expiry, {@code expiring} when it falls within {@code window} from
     * {@code now}, {@code valid} beyond it, {@code unknown} when the file records none.
     */
    public static TokenState of(Optional<Instant> expiresAt, Instant now, Duration window) {
        if (expiresAt.isEmpty()) {
            return UNKNOWN;
        }
        Instant expiry = expiresAt.get();
        if (!expiry.isAfter(now)) {
            return EXPIRED;
        }
        return expiry.isAfter(now.plus(window)) ? VALID : EXPIRING;
    }
}
