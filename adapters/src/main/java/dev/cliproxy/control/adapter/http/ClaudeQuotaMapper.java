package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstInstant;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstNumber;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code api/oauth/usage} → one {@code percent} entry per window ({@code five_hour}, {@code seven_day},
 * {@code seven_day_opus}, …) from its {@code utilization} (0–100); {@code extra_usage} is billing, not a window.
 */
final class ClaudeQuotaMapper {

    private ClaudeQuotaMapper() {
    }

    static List<QuotaEntry> map(JsonNode root) {
        List<QuotaEntry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode window = field.getValue();
            if (name.equals("extra_usage") || !window.isObject()) {
                continue;
            }
            OptionalDouble utilization = firstNumber(window, "utilization");
            if (utilization.isEmpty()) {
                continue;
            }
            entries.add(QuotaEntry.percent(name, 1 - utilization.getAsDouble() / 100,
                            firstInstant(window, "resets_at", "resetsAt").orElse(null))
                    .withWindow(windowName(name))
                    .withLabel(name));
        }
        return entries;
    }

    private static String windowName(String key) {
        if (key.startsWith("five_hour")) {
            return "5h";
        }
        return key.startsWith("seven_day") ? "weekly" : key;
    }
}
