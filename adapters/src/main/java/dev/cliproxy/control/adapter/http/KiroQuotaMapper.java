package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstInstant;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstNumber;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code GetUsageLimits} → one {@code requests} entry per usage breakdown (absolute limit and usage, rounded from
 * their {@code WithPrecision} values), with the subscription as plan and {@code nextDateReset} as reset time.
 */
final class KiroQuotaMapper {

    private KiroQuotaMapper() {
    }

    static List<QuotaEntry> map(JsonNode root) {
        String plan = firstText(root.path("subscriptionInfo"), "subscriptionTitle", "type").orElse(null);
        Instant reset = firstInstant(root, "nextDateReset").orElse(null);
        List<QuotaEntry> entries = new ArrayList<>();
        for (JsonNode usage : root.path("usageBreakdownList")) {
            if (!usage.isObject()) {
                continue;
            }
            OptionalDouble limit = firstNumber(usage, "usageLimitWithPrecision", "usageLimit");
            OptionalDouble used = firstNumber(usage, "currentUsageWithPrecision", "currentUsage");
            if (limit.isEmpty() || used.isEmpty() || Math.abs(limit.getAsDouble()) >= 1e15
                    || Math.abs(used.getAsDouble()) >= 1e15) {
                continue;
            }
            String model = firstText(usage, "resourceType", "displayName").orElse("usage");
            entries.add(QuotaEntry.absolute(model, Math.round(limit.getAsDouble()), Math.round(used.getAsDouble()),
                            firstInstant(usage, "nextDateReset").orElse(reset), QuotaUnit.REQUESTS)
                    .withPlan(plan)
                    .withLabel(firstText(usage, "displayName").orElse(null)));
        }
        return entries;
    }
}
