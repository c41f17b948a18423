package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code usage} section of the control settings: whether the proxy's usage records are collected, how often
 * its queue is drained, and how many days of history are kept (older records are pruned in the background).
 */
public record UsageSettings(boolean enabled, Duration interval, int retentionDays) {

    public static final String SECTION = "usage";
    private static final List<String> KEYS = List.of("enabled", "interval", "retentionDays");
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final int MAX_RETENTION_DAYS = 3650;
    /** After the bounds, which its construction checks. */
    public static final UsageSettings DEFAULTS = new UsageSettings(false, Duration.ofSeconds(5), 90);

    public UsageSettings {
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw invalid("usage.interval must be from 100ms to 1h");
        }
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            throw invalid("usage.retentionDays must be a whole number from 1 to " + MAX_RETENTION_DAYS);
        }
    }

    /**
     * Reads the section as the settings document holds it; a missing key takes its default, an unknown key, a wrong
     * type or a value out of range is refused naming the key.
     */
    public static UsageSettings fromSection(Map<?, ?> section) {
        for (Object key : section.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid("usage has no setting \"" + key + "\" (known: " + String.join(", ", KEYS) + ")");
            }
        }
        Object enabled = section.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw invalid("usage.enabled must be true or false");
        }
        Object interval = section.get("interval");
        Duration every = interval == null ? DEFAULTS.interval
                : (interval instanceof String text ? SettingsDuration.parse(text) : Optional.<Duration>empty())
                .orElseThrow(() -> invalid("usage.interval must be a duration such as 500ms, 5s or 1m"));
        Object days = section.get("retentionDays");
        if (days != null && !(days instanceof Integer || days instanceof Long)) {
            throw invalid("usage.retentionDays must be a whole number");
        }
        return new UsageSettings(enabled == null ? DEFAULTS.enabled : (Boolean) enabled, every,
                days == null ? DEFAULTS.retentionDays : (int) Math.max(Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, ((Number) days).longValue())));
    }

    /** The section as the settings file writes it. */
    public Map<String, Object> toSection() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("enabled", enabled);
        section.put("interval", SettingsDuration.format(interval));
        section.put("retentionDays", retentionDays);
        return section;
    }

    /** How long records are kept. */
    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_SETTINGS, detail);
    }
}
