package dev.cliproxy.control.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The totals of the requests that share a key: {@code keys} holds one value per grouping of the query, in its
 * order; {@link #key()} joins them with {@code |}.
 */
public record UsageGroup(List<String> keys, UsageTotals totals) {

    public UsageGroup {
        keys = List.copyOf(keys);
        Objects.requireNonNull(totals, "totals");
    }

    public String key() {
        return String.join("|", keys);
    }
}
