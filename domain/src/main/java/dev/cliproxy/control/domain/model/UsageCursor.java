package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a page of usage records ended: the last record's instant (epoch milliseconds) and request id, the order
 * records are paged in. As text, {@code <millis>:<requestId>}.
 */
public record UsageCursor(long timestamp, String requestId) {

    /** The order of pages: by instant, then by request id. */
    public static final Comparator<UsageRecord> ORDER = Comparator
            .comparingLong((UsageRecord r) -> r.timestamp().toEpochMilli()).thenComparing(UsageRecord::requestId);

    public UsageCursor {
        Objects.requireNonNull(requestId, "requestId");
    }

    public static UsageCursor after(UsageRecord record) {
        return new UsageCursor(record.timestamp().toEpochMilli(), record.requestId());
    }

    /** Reads {@link #text()}; anything else is refused. */
    public static UsageCursor parse(String text) {
        int colon = text.indexOf(':');
        try {
            if (colon > 0 && colon < text.length() - 1) {
                return new UsageCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException(ErrorCode.INVALID_USAGE_QUERY,
                "cursor must be the next value a previous page answered");
    }

    public String text() {
        return timestamp + ":" + requestId;
    }

    /** Whether {@code record} comes after this cursor in page order. */
    public boolean isBefore(UsageRecord record) {
        long at = record.timestamp().toEpochMilli();
        return at > timestamp || at == timestamp && record.requestId().compareTo(requestId) > 0;
    }
}
