package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ControlSettingsTest {

    @Test
    void anEmptyDocumentIsTheDefaults() {
        assertEquals(ControlSettings.DEFAULTS, ControlSettings.fromTree(null));
        assertEquals(ControlSettings.DEFAULTS, ControlSettings.fromTree(Map.of()));
        SupervisionSettings d = ControlSettings.DEFAULTS.supervision();
        assertFalse(d.enabled());
        assertEquals(5, d.maxCrashes());
        assertEquals(Duration.ofMinutes(10), d.crashWindow());
        assertEquals(Duration.ofSeconds(1), d.initialBackoff());
        assertEquals(Duration.ofSeconds(60), d.maxBackoff());
    }

    @Test
    void theDefaultsDocumentHasEveryCheckedSectionAndReadsBackAsTheirDefaults() {
        Map<String, Object> tree = ControlSettings.defaultsTree();
        assertEquals(List.of("supervision", "automation", "alerts", "fleet", "usage"), List.copyOf(tree.keySet()));
        ControlSettings read = ControlSettings.fromTree(tree);
        assertEquals(SupervisionSettings.DEFAULTS, read.supervision());
        assertEquals(QuotaAutomationSettings.DEFAULTS, read.automation());
        assertEquals(AlertSettings.DEFAULTS, read.alerts());
        assertEquals(FleetSettings.DEFAULTS, FleetSettings.fromSection(read.otherSections().get(FleetSettings.SECTION)));
        assertEquals(UsageSettings.DEFAULTS, read.usage());
        assertEquals(Map.of("enabled", false, "providers", List.of(), "pauseAtPercent", 5, "lowAtPercent", 20,
                "pollInterval", "5m", "maxConcurrent", 2, "unknownResetBackoff", "1h"), tree.get("automation"));
        assertEquals(tree, ControlSettings.fromTree(tree).publicTree(), "no secret among them, nothing dropped");
    }

    @Test
    void supervisionIsReadWithDurationsAndMissingKeysTakeDefaults() {
        ControlSettings settings = ControlSettings.fromTree(Map.of("supervision",
                Map.of("enabled", true, "maxCrashes", 3, "initialBackoff", "200ms")));
        assertEquals(new SupervisionSettings(true, 3, Duration.ofMinutes(10), Duration.ofMillis(200),
                Duration.ofSeconds(60)), settings.supervision());
        assertEquals(settings, ControlSettings.fromTree(settings.toTree()));
    }

    @Test
    void unknownSectionsAreKeptAsTheyAre() {
        Map<String, Object> webhooks = Map.of("urls", List.of("https://example.test/hook"), "retries", 3);
        ControlSettings settings = ControlSettings.fromTree(Map.of("webhooks", webhooks));
        assertEquals(webhooks, settings.otherSections().get("webhooks"));
        assertEquals(webhooks, settings.toTree().get("webhooks"));
        assertEquals(List.of("supervision", "webhooks"), List.copyOf(settings.toTree().keySet()));
    }

    @Test
    void badInputIsRefusedNamingTheKey() {
        assertInvalid(Map.of("supervision", Map.of("maxCrash", 3)), "maxCrash");
        assertInvalid(Map.of("supervision", Map.of("enabled", "yes")), "supervision.enabled");
        assertInvalid(Map.of("supervision", Map.of("maxCrashes", 0)), "supervision.maxCrashes");
        assertInvalid(Map.of("supervision", Map.of("maxCrashes", 2.5)), "supervision.maxCrashes");
        assertInvalid(Map.of("supervision", Map.of("crashWindow", "10 minutes")), "supervision.crashWindow");
        assertInvalid(Map.of("supervision", Map.of("crashWindow", 600)), "supervision.crashWindow");
        assertInvalid(Map.of("supervision", Map.of("initialBackoff", "2m", "maxBackoff", "1m")), "initialBackoff");
        assertInvalid(Map.of("supervision", Map.of("maxBackoff", "0s")), "supervision.maxBackoff");
        assertInvalid(Map.of("supervision", Map.of("crashWindow", "999999h")), "supervision.crashWindow");
        assertInvalid(Map.of("webhooks", "on"), "webhooks must be a mapping");
        assertInvalid(Map.of("../x", Map.of()), "section name");
        assertInvalid(List.of(), "mapping of sections");
    }

    @Test
    void secretsAreNeverShownAndAWriteWithoutThemKeepsThem() {
        ControlSettings stored = ControlSettings.fromTree(Map.of("webhooks", Map.of("url", "https://h.test",
                "secret", "s3cr3t", "nested", Map.of("apiKey", "k", "webhookToken", "t", "label", "x"))));
        Map<String, Object> shown = stored.publicTree();
        assertFalse(shown.toString().contains("s3cr3t"), shown.toString());
        assertFalse(shown.toString().contains("apiKey"), shown.toString());
        assertFalse(shown.toString().contains("webhookToken"), shown.toString());
        assertTrue(shown.toString().contains("label"), shown.toString());

        ControlSettings roundTrip = ControlSettings.fromTree(shown).keepingSecretsOf(stored);
        assertEquals(stored, roundTrip);
        ControlSettings changed = ControlSettings.fromTree(Map.of("webhooks", Map.of("url", "https://h.test",
                "secret", "new"))).keepingSecretsOf(stored);
        assertEquals("new", ((Map<?, ?>) changed.otherSections().get("webhooks")).get("secret"));
    }

    @Test
    void theTagFollowsTheVisibleSettingsOnly() {
        ControlSettings a = ControlSettings.fromTree(Map.of("webhooks", Map.of("secret", "one")));
        ControlSettings b = ControlSettings.fromTree(Map.of("webhooks", Map.of("secret", "two")));
        assertEquals(ControlSettingsDocument.of(a).etag(), ControlSettingsDocument.of(b).etag());
        ControlSettings c = ControlSettings.fromTree(Map.of("webhooks", Map.of("retries", "1")));
        ControlSettings d = ControlSettings.fromTree(Map.of("webhooks", Map.of("retries", 1)));
        assertNotEquals(ControlSettingsDocument.of(c).etag(), ControlSettingsDocument.of(d).etag());
        assertNotEquals(ControlSettingsDocument.of(ControlSettings.DEFAULTS).etag(),
                ControlSettingsDocument.of(ControlSettings.DEFAULTS.withSupervision(
                        SupervisionSettings.DEFAULTS.withEnabled(true))).etag());
    }

    @Property
    void durationsReadBackAsWritten(@ForAll @LongRange(min = 0, max = 86_400_000) long millis) {
        Duration duration = Duration.ofMillis(millis);
        assertEquals(duration, SettingsDuration.parse(SettingsDuration.format(duration)).orElseThrow());
    }

    @Property
    void theBackoffDoublesFromTheInitialAndNeverPassesTheMaximum(@ForAll @IntRange(min = 1, max = 1000) int crashes,
                                                                 @ForAll @IntRange(min = 1, max = 5000) int initialMs,
                                                                 @ForAll @IntRange(min = 0, max = 100_000) int extraMs) {
        SupervisionSettings s = new SupervisionSettings(true, 5, Duration.ofMinutes(10), Duration.ofMillis(initialMs),
                Duration.ofMillis(initialMs + (long) extraMs));
        Duration delay = s.backoff(crashes);
        assertTrue(delay.compareTo(s.maxBackoff()) <= 0);
        assertTrue(delay.compareTo(s.initialBackoff()) >= 0);
        if (crashes == 1) {
            assertEquals(s.initialBackoff(), delay);
        } else {
            Duration previous = s.backoff(crashes - 1);
            assertEquals(previous.multipliedBy(2).compareTo(s.maxBackoff()) < 0 ? previous.multipliedBy(2)
                    : s.maxBackoff(), delay);
        }
    }

    @Test
    void theDefaultBackoffIsOneSecondDoublingToSixty() {
        List<Long> seconds = List.of(1, 2, 3, 4, 5, 6, 7, 8).stream()
                .map(n -> SupervisionSettings.DEFAULTS.backoff(n).toSeconds()).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), seconds);
    }

    private static void assertInvalid(Object tree, String named) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ControlSettings.fromTree(tree));
        assertEquals(ControlSettings.INVALID, e.error());
        assertTrue(e.detail().orElse("").contains(named), e.detail().orElse(""));
    }
}
