package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstInstant;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstNumber;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code copilot_internal/user} → one entry per quota snapshot ({@code premium_interactions}, {@code chat},
 * {@code completions}): requests out of the entitlement when both are given, else the percentage; an unlimited
 * snapshot is flagged and carries no numbers. Overage never shows as a negative remainder.
 */
final class CopilotQuotaMapper {

    private CopilotQuotaMapper() {
    }

    static List<QuotaEntry> map(JsonNode root) {
        String plan = firstText(root, "copilot_plan", "access_type_sku").orElse(null);
        Instant resetAt = firstInstant(root, "quota_reset_date_utc", "quota_reset_date").orElse(null);
        List<QuotaEntry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> snapshots = root.path("quota_snapshots").fields();
        while (snapshots.hasNext()) {
            Map.Entry<String, JsonNode> snapshot = snapshots.next();
            JsonNode quota = snapshot.getValue();
            if (!quota.isObject()) {
                continue;
            }
            String model = snapshot.getKey();
            OptionalDouble entitlement = firstNumber(quota, "entitlement");
            OptionalDouble remaining = firstNumber(quota, "remaining");
            OptionalDouble percentRemaining = firstNumber(quota, "percent_remaining");
            QuotaEntry entry;
            if (quota.path("unlimited").asBoolean(false)) {
                entry = new QuotaEntry(model, null, null, null, resetAt, QuotaUnit.REQUESTS,
                        null, null, null, null, true);
            } else if (entitlement.isPresent() && remaining.isPresent() && entitlement.getAsDouble() < 1e15) {
                long limit = Math.round(entitlement.getAsDouble());
                long left = Math.round(Math.max(-1e15, Math.min(1e15, remaining.getAsDouble())));
                entry = QuotaEntry.absolute(model, limit, limit - left, resetAt, QuotaUnit.REQUESTS)
                        .withUnlimited(false);
            } else if (percentRemaining.isPresent()) {
                entry = QuotaEntry.percent(model, percentRemaining.getAsDouble() / 100, resetAt).withUnlimited(false);
            } else {
                continue;
            }
            entries.add(entry.withPlan(plan).withLabel(firstText(quota, "quota_id").orElse(null)));
        }
        return entries;
    }
}
