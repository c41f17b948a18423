package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code automation} section of the control settings: the quota automation's policy (opt-in).
 *
 * @param enabled             whether the automation polls quotas and pauses and resumes accounts
 * @param providers           the providers whose accounts it looks after; empty for every provider with a quota API
 * @param pauseAtPercent      an account is paused when a quota of it has this percent or less left (0: only when it
 *                            is used up, which is also how a provider says the limit is reached)
 * @param lowAtPercent        {@code quota-low} is told when a quota has this percent or less left
 * @param pollInterval        how often each account's quota is asked for
 * @param maxConcurrent       at most this many quota calls at once (the per-provider rate limit applies as well)
 * @param unknownResetBackoff when a quota that ran low gives no reset time: how long the pause lasts
 */
public record QuotaAutomationSettings(boolean enabled, List<String> providers, int pauseAtPercent, int lowAtPercent,
                                      Duration pollInterval, int maxConcurrent, Duration unknownResetBackoff) {

    /** Polling faster than this only gets accounts throttled by their providers. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final int MAX_CONCURRENT = 16;

    static final List<String> KEYS = List.of("enabled", "providers", "pauseAtPercent", "lowAtPercent",
            "pollInterval", "maxConcurrent", "unknownResetBackoff");
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Declared after the limits it is checked against. */
    public static final QuotaAutomationSettings DEFAULTS = new QuotaAutomationSettings(false, List.of(), 5, 20,
            Duration.ofMinutes(5), 2, Duration.ofHours(1));

    public QuotaAutomationSettings {
        providers = List.copyOf(providers);
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(unknownResetBackoff, "unknownResetBackoff");
        for (String provider : providers) {
            if (!PROVIDER.matcher(provider).matches()) {
                throw SupervisionSettings.invalid("automation.providers must name providers such as codex or claude, "
                        + "not " + SettingsSection.quoted(provider));
            }
        }
        percent(pauseAtPercent, "pauseAtPercent");
        percent(lowAtPercent, "lowAtPercent");
        if (lowAtPercent < pauseAtPercent) {
            throw SupervisionSettings.invalid("automation.lowAtPercent must not be below automation.pauseAtPercent");
        }
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 || pollInterval.compareTo(SettingsDuration.MAX) > 0) {
            throw SupervisionSettings.invalid("automation.pollInterval must be from "
                    + SettingsDuration.format(MIN_POLL_INTERVAL) + " to " + SettingsDuration.format(SettingsDuration.MAX));
        }
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
            throw SupervisionSettings.invalid("automation.maxConcurrent must be a whole number from 1 to "
                    + MAX_CONCURRENT);
        }
        if (!unknownResetBackoff.isPositive() || unknownResetBackoff.compareTo(SettingsDuration.MAX) > 0) {
            throw SupervisionSettings.invalid("automation.unknownResetBackoff must be positive and at most "
                    + SettingsDuration.format(SettingsDuration.MAX));
        }
    }

    /** The section as written, missing keys taking their defaults; the defaults when there is no section. */
    static QuotaAutomationSettings of(Optional<SettingsSection> written) {
        if (written.isEmpty()) {
            return DEFAULTS;
        }
        SettingsSection section = written.get().onlyKeys(KEYS);
        QuotaAutomationSettings d = DEFAULTS;
        return new QuotaAutomationSettings(
                section.bool("enabled", d.enabled()),
                section.texts("providers"),
                section.wholeNumber("pauseAtPercent", d.pauseAtPercent()),
                section.wholeNumber("lowAtPercent", d.lowAtPercent()),
                section.duration("pollInterval", d.pollInterval()),
                section.wholeNumber("maxConcurrent", d.maxConcurrent()),
                section.duration("unknownResetBackoff", d.unknownResetBackoff()));
    }

    /** The section as the settings file writes it, every key present. */
    public Map<String, Object> toSection() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("enabled", enabled);
        section.put("providers", providers);
        section.put("pauseAtPercent", pauseAtPercent);
        section.put("lowAtPercent", lowAtPercent);
        section.put("pollInterval", SettingsDuration.format(pollInterval));
        section.put("maxConcurrent", maxConcurrent);
        section.put("unknownResetBackoff", SettingsDuration.format(unknownResetBackoff));
        return section;
    }

    /** Whether the accounts of {@code provider} are looked after. */
    public boolean covers(String provider) {
        return providers.isEmpty() || providers.contains(provider);
    }

    private static void percent(int value, String name) {
        if (value < 0 || value > 100) {
            throw SupervisionSettings.invalid("automation." + name + " must be a whole number from 0 to 100");
        }
    }
}
