package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of raw usage records from {@code from} (included) to {@code to} (excluded), oldest first (ties in
 * request id order), at most {@code limit} of them, after {@code after} when it is given (the cursor the previous
 * page ended with).
 */
public record UsagePageQuery(Instant from, Instant to, Optional<UsageCursor> after, int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public UsagePageQuery {
        UsageQuery.checkRange(from, to);
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw UsageQuery.invalid("limit must be from 1 to " + MAX_LIMIT);
        }
    }

    /** Whether {@code record} belongs on a page of this query (in range, after the cursor). */
    public boolean admits(UsageRecord record) {
        return !record.timestamp().isBefore(from) && record.timestamp().isBefore(to)
                && after.map(cursor -> cursor.isBefore(record)).orElse(true);
    }
}
