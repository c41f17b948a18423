package dev.cliproxy.control.domain.model;

import java.util.List;
import java.util.Optional;

/** One page of raw usage records, and the cursor of the next page when there may be one. */
public record UsagePage(List<UsageRecord> records, Optional<UsageCursor> next) {

    public UsagePage {
        records = List.copyOf(records);
    }

    /** The page of {@code sorted} (records in page order that the query admits) cut at its limit. */
    public static UsagePage of(List<UsageRecord> sorted, int limit) {
        List<UsageRecord> page = sorted.size() > limit ? sorted.subList(0, limit) : sorted;
        return new UsagePage(page, sorted.size() > limit
                ? Optional.of(UsageCursor.of(page.get(page.size() - 1))) : Optional.empty());
    }
}
