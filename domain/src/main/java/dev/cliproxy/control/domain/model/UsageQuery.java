package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A usage report's question: the requests from {@code from} (included) to {@code to} (excluded), grouped by up to
 * three {@link UsageGrouping}s (none: the totals alone).
 */
public record UsageQuery(Instant from, Instant to, List<UsageGrouping> groupBy) {

    public static final int MAX_GROUPINGS = 3;

    public UsageQuery {
        checkRange(from, to);
        groupBy = List.copyOf(groupBy);
        if (groupBy.size() > MAX_GROUPINGS || new HashSet<>(groupBy).size() != groupBy.size()) {
            throw invalid("groupBy takes at most " + MAX_GROUPINGS + " different groupings");
        }
    }

    /** Refuses a range that holds no instant: {@code from} must be before {@code to}. */
    public static void checkRange(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw invalid("from must be before to");
        }
    }

    /** Whether a request at {@code instant} is asked about. */
    public boolean covers(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_USAGE_QUERY, detail);
    }
}
