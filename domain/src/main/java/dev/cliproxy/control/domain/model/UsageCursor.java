package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;

/**
 * A usage record's key: its instant (epoch milliseconds), the instance it came from and its request id. The proxy's
 * request ids are 8 random hex digits, which repeat (about a hundred times in a million requests), so the id alone
 * names no request; the same request read again has the same instant, so the three together do. Keys are also the
 * order records are paged in, and a page ends at one: as text {@code <millis>:<instance, base64url>:<requestId>}.
 */
public record UsageCursor(long timestamp, String instance, String requestId) {

    /** The order of pages: by instant, then instance, then request id. */
    public static final Comparator<UsageRecord> ORDER = Comparator
            .comparingLong((UsageRecord r) -> r.timestamp().toEpochMilli()).thenComparing(UsageRecord::instance)
            .thenComparing(UsageRecord::requestId);

    public UsageCursor {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** The key of {@code record}. */
    public static UsageCursor of(UsageRecord record) {
        return new UsageCursor(record.timestamp().toEpochMilli(), record.instance(), record.requestId());
    }

    /** Reads {@link #text()}; anything else is refused. */
    public static UsageCursor parse(String text) {
        String[] parts = text.split(":", 3);
        try {
            if (parts.length == 3 && !parts[2].isEmpty()) {
                return new UsageCursor(Long.parseLong(parts[0]), new String(Base64.getUrlDecoder().decode(parts[1]),
                        StandardCharsets.UTF_8), parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // refused below (NumberFormatException is one)
        }
        throw new InvalidInputException(ErrorCode.INVALID_USAGE_QUERY,
                "cursor must be the next value a previous page answered");
    }

    public String text() {
        return timestamp + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(instance.getBytes(StandardCharsets.UTF_8)) + ":" + requestId;
    }

    /** Whether {@code record} comes after this key in page order. */
    public boolean isBefore(UsageRecord record) {
        long at = record.timestamp().toEpochMilli();
        if (at != timestamp) {
            return at > timestamp;
        }
        int byInstance = record.instance().compareTo(instance);
        return byInstance != 0 ? byInstance > 0 : record.requestId().compareTo(requestId) > 0;
    }
}
