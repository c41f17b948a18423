package dev.cliproxy.control.domain.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The answer to a {@link UsageQuery}: the totals of every request asked about, and of each group, by key. */
public record UsageReport(UsageTotals totals, List<UsageGroup> groups) {

    public UsageReport {
        Objects.requireNonNull(totals, "totals");
        groups = List.copyOf(groups);
    }

    /** The report of {@code records}: those the query covers, added up by {@link UsageTally}. */
    public static UsageReport of(Iterable<UsageRecord> records, UsageQuery query) {
        Builder report = builder(query);
        for (UsageRecord record : records) {
            if (query.covers(record.timestamp())) {
                report.add(UsageDimensions.of(record), new UsageTally().add(record));
            }
        }
        return report.build();
    }

    public static Builder builder(UsageQuery query) {
        return new Builder(query.groupBy());
    }

    /**
     * Adds tallies up into the report's totals and groups: the rule both stores and the fake apply, so that a
     * store may add pre-summed rows (an hour of one model, say) and single requests alike. Groups come out sorted
     * by key (so days and hours in time order).
     */
    public static final class Builder {

        private final List<UsageGrouping> groupBy;
        private final UsageTally totals = new UsageTally();
        private final Map<List<String>, UsageTally> groups = new LinkedHashMap<>();

        private Builder(List<UsageGrouping> groupBy) {
            this.groupBy = groupBy;
        }

        public Builder add(UsageDimensions dimensions, UsageTally tally) {
            totals.add(tally);
            if (!groupBy.isEmpty()) {
                List<String> keys = new ArrayList<>(groupBy.size());
                for (UsageGrouping grouping : groupBy) {
                    keys.add(grouping.keyOf(dimensions));
                }
                groups.computeIfAbsent(keys, k -> new UsageTally()).add(tally);
            }
            return this;
        }

        public UsageReport build() {
            List<UsageGroup> sorted = new ArrayList<>();
            groups.forEach((keys, tally) -> sorted.add(new UsageGroup(keys, tally.totals())));
            sorted.sort((a, b) -> compare(a.keys(), b.keys()));
            return new UsageReport(totals.totals(), sorted);
        }

        private static int compare(List<String> a, List<String> b) {
            for (int i = 0; i < a.size(); i++) {
                int order = a.get(i).compareTo(b.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        }
    }
}
