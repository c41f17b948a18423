package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cliproxy.control.domain.model.UsageGroup;
import dev.cliproxy.control.domain.model.UsageGrouping;
import dev.cliproxy.control.domain.model.UsageReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /usage}: {@code {"from","to","groupBy","totals":{...},"groups":[{"key","keys":{"day":..},...totals}]}}.
 */
public record UsageReportResponse(long from, long to, List<String> groupBy, UsageTotalsResponse totals,
                                  List<Group> groups) {

    /** One group: its key (the values joined by {@code |}), each grouping's value, and its totals. */
    @JsonPropertyOrder({"key", "keys"})
    public record Group(String key, Map<String, String> keys, @JsonUnwrapped UsageTotalsResponse totals) {
    }

    public static UsageReportResponse from(long from, long to, List<UsageGrouping> groupBy, UsageReport report) {
        List<Group> groups = report.groups().stream().map(g -> group(groupBy, g)).toList();
        return new UsageReportResponse(from, to, groupBy.stream().map(UsageGrouping::id).toList(),
                UsageTotalsResponse.from(report.totals()), groups);
    }

    private static Group group(List<UsageGrouping> groupBy, UsageGroup group) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < groupBy.size(); i++) {
            keys.put(groupBy.get(i).id(), group.keys().get(i));
        }
        return new Group(group.key(), keys, UsageTotalsResponse.from(group.totals()));
    }
}
