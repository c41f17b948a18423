package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The usage section of the control settings, the feed a proxy version has, and the identity of an API key. */
class UsageSettingsProperties {

    @Example
    void absentKeysTakeTheirDefaults() {
        assertEquals(UsageSettings.DEFAULTS, UsageSettings.fromSection(Map.of()));
        assertEquals(new UsageSettings(false, Duration.ofSeconds(5), 90), UsageSettings.DEFAULTS);
        assertEquals(UsageSettings.DEFAULTS, ControlSettings.DEFAULTS.usage());
        assertEquals(Duration.ofDays(90), UsageSettings.DEFAULTS.retention());
    }

    @Example
    void theSectionIsReadAndWrittenBack() {
        UsageSettings read = UsageSettings.fromSection(Map.of("enabled", true, "interval", "2s",
                "retentionDays", 30));
        assertEquals(new UsageSettings(true, Duration.ofSeconds(2), 30), read);
        assertEquals(read, UsageSettings.fromSection(read.toSection()));
        assertEquals(Map.of("enabled", true, "interval", "2s", "retentionDays", 30), read.toSection());
        assertEquals(30L, UsageSettings.fromSection(Map.of("retentionDays", 30L)).retentionDays());
    }

    @Example
    void wrongKeysAndTypesAreRefusedNamingTheKey() {
        assertRefused(Map.of("enable", true), "usage has no setting \"enable\"");
        assertRefused(Map.of("enabled", "yes"), "usage.enabled");
        assertRefused(Map.of("interval", 5), "usage.interval");
        assertRefused(Map.of("interval", "5 seconds"), "usage.interval");
        assertRefused(Map.of("retentionDays", "90"), "usage.retentionDays");
        assertRefused(Map.of("retentionDays", 1.5), "usage.retentionDays");
        assertRefused(Map.of("retentionDays", Long.MAX_VALUE), "usage.retentionDays");
        assertRefused(Map.of("retentionDays", Long.MIN_VALUE), "usage.retentionDays");
    }

    @Example
    void theBoundsThemselvesAreAllowed() {
        assertEquals(Duration.ofMillis(100), UsageSettings.fromSection(Map.of("interval", "100ms")).interval());
        assertEquals(Duration.ofHours(1), UsageSettings.fromSection(Map.of("interval", "1h")).interval());
        assertRefused(Map.of("interval", "99ms"), "usage.interval");
        assertRefused(Map.of("interval", "3600001ms"), "usage.interval");
        assertEquals(1, UsageSettings.fromSection(Map.of("retentionDays", 1)).retentionDays());
        assertEquals(3650, UsageSettings.fromSection(Map.of("retentionDays", 3650)).retentionDays());
        assertRefused(Map.of("retentionDays", 0), "usage.retentionDays");
        assertRefused(Map.of("retentionDays", 3651), "usage.retentionDays");
        assertEquals(List.of("off", "waiting-for-proxy", "collecting", "statistics-disabled", "unsupported",
                "unauthorized", "failing"), java.util.Arrays.stream(UsageCollectorStatus.State.values())
                .map(UsageCollectorStatus.State::id).toList());
        assertEquals(java.nio.file.Path.of("/c/cliproxy/usage.db"),
                new CcsLayout(java.nio.file.Path.of("/c")).usageDatabaseFile());
    }

    @Property
    void retentionIsFromOneDayToTenYears(@ForAll @IntRange(min = -5, max = 4000) int days) {
        if (days >= 1 && days <= 3650) {
            assertEquals(days, UsageSettings.fromSection(Map.of("retentionDays", days)).retentionDays());
        } else {
            assertRefused(Map.of("retentionDays", days), "usage.retentionDays");
        }
    }

    @Property
    void theIntervalIsFromATenthOfASecondToAnHour(@ForAll @LongRange(min = 0, max = 4_000_000) long ms) {
        Map<String, Object> section = Map.of("interval", ms + "ms");
        if (ms >= 100 && ms <= 3_600_000) {
            assertEquals(Duration.ofMillis(ms), UsageSettings.fromSection(section).interval());
        } else {
            assertRefused(section, "usage.interval");
        }
    }

    @Example
    void theControlSettingsRefuseABadUsageSectionAndKeepAGoodOne() {
        assertThrows(InvalidInputException.class, () -> ControlSettings.fromTree(Map.of("usage",
                Map.of("enabled", "no"))));
        ControlSettings settings = ControlSettings.fromTree(Map.of("usage", Map.of("enabled", true)));
        assertTrue(settings.usage().enabled());
        assertEquals(Map.of("enabled", true), settings.toTree().get("usage"));
        assertFalse(ControlSettings.fromTree(Map.of("other", Map.of("enabled", "no"))).usage().enabled());
        UsageSettings changed = new UsageSettings(true, Duration.ofSeconds(9), 7);
        ControlSettings with = ControlSettings.DEFAULTS.withUsage(changed);
        assertEquals(changed, with.usage());
        assertEquals(ControlSettings.DEFAULTS.supervision(), with.supervision());
        assertEquals(with, ControlSettings.fromTree(with.toTree()));
    }

    @Example
    void theFeedFollowsTheVersion() {
        assertEquals(UsageFeedKind.LEGACY, kind("v6.9.45"));
        assertEquals(UsageFeedKind.LEGACY, kind("6.6.9-0"));
        assertEquals(UsageFeedKind.NONE, kind("v6.10.0"));
        assertEquals(UsageFeedKind.NONE, kind("v6.10.7"));
        assertEquals(UsageFeedKind.QUEUE, kind("v6.10.8"));
        assertEquals(UsageFeedKind.QUEUE, kind("v7.2.140"));
        assertEquals(UsageFeedKind.QUEUE, kind("dev"));
        assertEquals(UsageFeedKind.QUEUE, UsageFeedKind.forVersion(Optional.empty()));
        assertEquals(List.of("queue", "legacy", "none"), List.of(UsageFeedKind.QUEUE.id(), UsageFeedKind.LEGACY.id(),
                UsageFeedKind.NONE.id()));
    }

    @Example
    void anApiKeyIsNamedByWhereItIsConfiguredAndAShortHash() {
        List<String> config = List.of("ccs-internal-managed", "team-key", "other");
        assertEquals(new ApiKeyIdentity(ApiKeyIdentity.hash("ccs-internal-managed"), "ccs"),
                ApiKeyIdentity.of("ccs-internal-managed", config, "ccs-internal-managed"));
        assertEquals("api-keys[1]", ApiKeyIdentity.of("team-key", config, "ccs-internal-managed").label());
        assertEquals("api-keys[0]", ApiKeyIdentity.of("ccs-internal-managed", config, "x").label());
        assertEquals("unknown", ApiKeyIdentity.of("gone", config, "x").label());
        assertEquals(ApiKeyIdentity.NONE, ApiKeyIdentity.of(" ", config, "x"));
        assertEquals(ApiKeyIdentity.NONE, ApiKeyIdentity.of(null, config, "x"));
        // The first 12 hex digits of SHA-256("abc").
        assertEquals("ba7816bf8f01", ApiKeyIdentity.hash("abc"));
    }

    private static UsageFeedKind kind(String version) {
        return UsageFeedKind.forVersion(Optional.of(version));
    }

    private static void assertRefused(Map<String, Object> section, String naming) {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> UsageSettings.fromSection(section));
        assertTrue(refused.detail().orElseThrow().contains(naming), refused.detail().orElseThrow());
        assertEquals(Optional.of("invalid_settings"), refused.code());
    }
}
