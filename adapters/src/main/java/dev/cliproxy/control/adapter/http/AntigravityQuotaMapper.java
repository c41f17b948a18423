package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstInstant;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstNumber;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstObject;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code fetchAvailableModels} → one {@code percent} entry per model that has quota information. A model with a
 * reset time but no fraction has used its quota up (the API omits a zero fraction).
 */
final class AntigravityQuotaMapper {

    private AntigravityQuotaMapper() {
    }

    static List<QuotaEntry> map(JsonNode root, String tier) {
        List<QuotaEntry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> models = root.path("models").fields();
        while (models.hasNext()) {
            Map.Entry<String, JsonNode> model = models.next();
            Optional<JsonNode> quota = firstObject(model.getValue(), "quotaInfo", "quota_info");
            if (quota.isEmpty()) {
                continue;
            }
            OptionalDouble fraction = firstNumber(quota.get(), "remainingFraction", "remaining_fraction", "remaining");
            Optional<Instant> resetAt = firstInstant(quota.get(), "resetTime", "reset_time");
            if (fraction.isEmpty() && resetAt.isEmpty()) {
                continue;
            }
            entries.add(QuotaEntry.percent(model.getKey(), fraction.orElse(0), resetAt.orElse(null))
                    .withLabel(firstText(model.getValue(), "displayName", "display_name").orElse(null))
                    .withTier(tier));
        }
        return entries;
    }

    /** {@code loadCodeAssist}'s project: a string or {@code {"id": ...}}. */
    static Optional<String> project(JsonNode loadCodeAssist) {
        JsonNode project = loadCodeAssist.path("cloudaicompanionProject");
        String id = project.isTextual() ? project.asText() : project.path("id").asText("");
        return id.isBlank() ? Optional.empty() : Optional.of(id);
    }

    /** {@code paidTier.id}, else {@code currentTier.id}. */
    static Optional<String> tier(JsonNode loadCodeAssist) {
        return firstText(loadCodeAssist.path("paidTier"), "id").or(() -> firstText(loadCodeAssist.path("currentTier"), "id"));
    }
}
