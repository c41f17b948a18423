package dev.cliproxy.control.adapter.http;

import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstInstant;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstNumber;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstObject;
import static dev.cliproxy.control.adapter.http.UpstreamAnswers.firstText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cliproxy.control.domain.model.QuotaEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code wham/usage} → one {@code percent} entry per window: the core limit ({@code codex}), code review and each
 * additional limit, each with its primary (5-hour) and secondary (weekly) window. Snake and camel keys are read.
 */
final class CodexQuotaMapper {

    private record Slot(String snake, String camel, String position, String defaultWindow) {
    }

    private static final List<Slot> SLOTS = List.of(
            new Slot("primary_window", "primaryWindow", "Primary", "5h"),
            new Slot("secondary_window", "secondaryWindow", "Secondary", "weekly"));

    private CodexQuotaMapper() {
    }

    static List<QuotaEntry> map(JsonNode root, Instant now) {
        String plan = firstText(root, "plan_type", "planType").orElse(null);
        List<QuotaEntry> entries = new ArrayList<>();
        firstObject(root, "rate_limit", "rateLimit").ifPresent(limit -> windows(entries, "codex", null, limit, now));
        firstObject(root, "code_review_rate_limit", "codeReviewRateLimit")
                .ifPresent(limit -> windows(entries, "code-review", "Code Review", limit, now));
        JsonNode additional = root.has("additional_rate_limits")
                ? root.get("additional_rate_limits") : root.path("additionalRateLimits");
        for (JsonNode item : additional) {
            if (item.isObject()) {
                String name = firstText(item, "limit_name", "limitName", "metered_feature", "meteredFeature")
                        .orElse("additional");
                windows(entries, name, name, firstObject(item, "rate_limit", "rateLimit").orElse(item), now);
            }
        }
        return entries.stream().map(entry -> entry.withPlan(plan)).toList();
    }

    private static void windows(List<QuotaEntry> entries, String model, String labelPrefix, JsonNode limit,
                                Instant now) {
        for (Slot slot : SLOTS) {
            firstObject(limit, slot.snake(), slot.camel()).ifPresent(window -> {
                OptionalDouble used = firstNumber(window, "used_percent", "usedPercent");
                if (used.isEmpty()) {
                    return;
                }
                String label = labelPrefix == null ? slot.position() : labelPrefix + " (" + slot.position() + ")";
                entries.add(QuotaEntry.percent(model, 1 - used.getAsDouble() / 100, resetAt(window, now))
                        .withWindow(windowName(window).orElse(slot.defaultWindow()))
                        .withLabel(label));
            });
        }
    }

    /** {@code reset_at} (epoch seconds), else now plus {@code reset_after_seconds} when that is positive. */
    private static Instant resetAt(JsonNode window, Instant now) {
        return firstInstant(window, "reset_at", "resetAt").orElseGet(() -> {
            OptionalDouble after = firstNumber(window, "reset_after_seconds", "resetAfterSeconds");
            return after.isPresent() && after.getAsDouble() > 0 && after.getAsDouble() < 1e10
                    ? now.plusSeconds((long) after.getAsDouble()) : null;
        });
    }

    /** {@code 5h}, {@code weekly}, or {@code <n>d}/{@code <n>h}/{@code <n>m} from {@code limit_window_seconds}. */
    private static Optional<String> windowName(JsonNode window) {
        OptionalDouble seconds = firstNumber(window, "limit_window_seconds", "limitWindowSeconds");
        if (seconds.isEmpty() || seconds.getAsDouble() <= 0 || seconds.getAsDouble() > 1e9) {
            return Optional.empty();
        }
        long s = (long) seconds.getAsDouble();
        if (s == 604_800) {
            return Optional.of("weekly");
        }
        if (s % 86_400 == 0) {
            return Optional.of(s / 86_400 + "d");
        }
        if (s % 3_600 == 0) {
            return Optional.of(s / 3_600 + "h");
        }
        return Optional.of(Math.max(1, s / 60) + "m");
    }
}
