package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The {@code automation} and {@code alerts} sections of the control settings. */
class AutomationSettingsTest {

    @Test
    void withoutTheSectionsTheAutomationIsOffAndNoWebhookIsCalled() {
        assertEquals(QuotaAutomationSettings.DEFAULTS, ControlSettings.DEFAULTS.automation());
        assertEquals(new QuotaAutomationSettings(false, List.of(), 5, 20, Duration.ofMinutes(5), 2,
                Duration.ofHours(1)), QuotaAutomationSettings.DEFAULTS);
        assertEquals(List.of(), ControlSettings.DEFAULTS.alerts().webhooks());
    }

    @Property
    void anAutomationSectionReadsBackAsWritten(@ForAll boolean enabled, @ForAll @IntRange(max = 100) int pause,
                                               @ForAll @IntRange(max = 100) int aboveIt,
                                               @ForAll @IntRange(min = 10, max = 86_400) int pollSeconds,
                                               @ForAll @IntRange(min = 1, max = 16) int concurrent,
                                               @ForAll @IntRange(min = 1, max = 86_400) int backoffSeconds) {
        QuotaAutomationSettings settings = new QuotaAutomationSettings(enabled, enabled ? List.of("codex") : List.of(),
                pause, Math.min(100, pause + aboveIt), Duration.ofSeconds(pollSeconds), concurrent,
                Duration.ofSeconds(backoffSeconds));
        assertEquals(settings, ControlSettings.fromTree(Map.of("automation", settings.toSection())).automation());
    }

    @Test
    void theAutomationSectionIsReadWithItsDefaultsAndKeptAsWritten() {
        Map<String, Object> written = Map.of("enabled", true, "providers", List.of("codex", "claude"),
                "pauseAtPercent", 10, "pollInterval", "2m", "maxConcurrent", 4, "unknownResetBackoff", "30m");
        ControlSettings settings = ControlSettings.fromTree(Map.of("automation", written));

        assertEquals(new QuotaAutomationSettings(true, List.of("codex", "claude"), 10, 20, Duration.ofMinutes(2), 4,
                Duration.ofMinutes(30)), settings.automation());
        assertEquals(written, settings.toTree().get("automation"));
        assertEquals(settings, ControlSettings.fromTree(settings.toTree()));
        assertTrue(settings.automation().covers("codex"));
        assertFalse(settings.automation().covers("gemini"));
        assertTrue(QuotaAutomationSettings.DEFAULTS.covers("gemini"), "no providers named: all of them");
    }

    @Test
    void badAutomationSettingsAreRefusedNamingTheKey() {
        assertInvalid(Map.of("enabeld", true), "automation has no setting \"enabeld\"");
        assertInvalid(Map.of("enabled", "yes"), "automation.enabled");
        assertInvalid(Map.of("providers", "codex"), "automation.providers");
        assertInvalid(Map.of("providers", List.of("Codex!")), "automation.providers");
        assertInvalid(Map.of("pauseAtPercent", 101), "automation.pauseAtPercent");
        assertInvalid(Map.of("pauseAtPercent", -1), "automation.pauseAtPercent");
        assertInvalid(Map.of("pauseAtPercent", 30), "automation.lowAtPercent must not be below");
        assertInvalid(Map.of("lowAtPercent", 101), "automation.lowAtPercent");
        assertInvalid(Map.of("pollInterval", "9s"), "automation.pollInterval");
        assertInvalid(Map.of("pollInterval", "25h"), "automation.pollInterval");
        assertInvalid(Map.of("pollInterval", 60), "automation.pollInterval");
        assertInvalid(Map.of("maxConcurrent", 0), "automation.maxConcurrent");
        assertInvalid(Map.of("maxConcurrent", 17), "automation.maxConcurrent");
        assertInvalid(Map.of("unknownResetBackoff", "0s"), "automation.unknownResetBackoff");
        assertInvalid(Map.of("unknownResetBackoff", "25h"), "automation.unknownResetBackoff");
        assertEquals(100, section(Map.of("pauseAtPercent", 100, "lowAtPercent", 100)).pauseAtPercent());
        assertEquals(0, section(Map.of("pauseAtPercent", 0, "lowAtPercent", 0)).lowAtPercent());
        assertEquals(Duration.ofSeconds(10), section(Map.of("pollInterval", "10s")).pollInterval());
        assertEquals(Duration.ofHours(24), section(Map.of("pollInterval", "24h")).pollInterval());
        assertEquals(16, section(Map.of("maxConcurrent", 16)).maxConcurrent());
        assertEquals(1, section(Map.of("maxConcurrent", 1)).maxConcurrent());
        assertEquals(Duration.ofHours(24), section(Map.of("unknownResetBackoff", "24h")).unknownResetBackoff());
    }

    @Test
    void webhooksAreReadByNameWithEveryEventByDefault() {
        ControlSettings settings = ControlSettings.fromTree(Map.of("alerts", Map.of("webhooks", Map.of(
                "ops", Map.of("url", "https://hooks.example.com/cliproxy?token=abc", "secret", "s3cr3t"),
                "chat", Map.of("url", "http://127.0.0.1:9/x", "events", List.of("token-expired", "quota-low"))))));

        List<Webhook> hooks = settings.alerts().webhooks();
        Webhook ops = hooks.stream().filter(h -> h.name().equals("ops")).findFirst().orElseThrow();
        Webhook chat = hooks.stream().filter(h -> h.name().equals("chat")).findFirst().orElseThrow();
        assertEquals(EnumSet.allOf(AlertKind.class), ops.events());
        assertEquals(Optional.of("s3cr3t"), ops.secret());
        assertEquals("https://hooks.example.com/cliproxy", ops.shownUrl(), "no query: tokens travel there");
        assertEquals(List.of(AlertKind.QUOTA_LOW, AlertKind.TOKEN_EXPIRED), List.copyOf(chat.events()));
        assertTrue(chat.wants(AlertKind.QUOTA_LOW));
        assertFalse(chat.wants(AlertKind.ACCOUNT_PAUSED));
        assertEquals(Optional.empty(), chat.secret());
        assertFalse(ops.toString().contains("s3cr3t"), ops.toString());
        assertFalse(settings.publicTree().toString().contains("s3cr3t"), settings.publicTree().toString());
    }

    @Test
    void aWebhooksSecretIsKeptWhenAWriteLeavesItOutUnderTheSameName() {
        ControlSettings stored = ControlSettings.fromTree(Map.of("alerts", Map.of("webhooks", Map.of(
                "ops", Map.of("url", "https://h.test/a", "secret", "s3cr3t")))));

        ControlSettings written = ControlSettings.fromTree(stored.publicTree()).keepingSecretsOf(stored);
        ControlSettings renamed = ControlSettings.fromTree(Map.of("alerts", Map.of("webhooks", Map.of(
                "team", Map.of("url", "https://h.test/a"))))).keepingSecretsOf(stored);

        assertEquals(Optional.of("s3cr3t"), written.alerts().webhooks().getFirst().secret());
        assertEquals(Optional.empty(), renamed.alerts().webhooks().getFirst().secret());
    }

    @Test
    void badWebhooksAreRefusedNamingTheKey() {
        assertAlertsInvalid(Map.of("hooks", Map.of()), "alerts has no setting \"hooks\"");
        assertAlertsInvalid(Map.of("webhooks", List.of()), "alerts.webhooks must be a mapping");
        assertAlertsInvalid(Map.of("webhooks", Map.of("ops", "https://h.test")), "alerts.webhooks.\"ops\"");
        assertAlertsInvalid(hook("ops", Map.of("events", List.of("quota-low"))), "alerts.webhooks.ops.url is required");
        assertAlertsInvalid(hook("ops", Map.of("url", "ftp://h.test/x")), "alerts.webhooks.ops.url must be an http");
        assertAlertsInvalid(hook("ops", Map.of("url", "file:///etc/passwd")), "alerts.webhooks.ops.url");
        assertAlertsInvalid(hook("ops", Map.of("url", "/relative")), "alerts.webhooks.ops.url");
        assertAlertsInvalid(hook("ops", Map.of("url", "http://h test/")), "alerts.webhooks.ops.url");
        assertAlertsInvalid(hook("ops", Map.of("url", "https://user:pw@h.test/x")), "no user or password");
        assertAlertsInvalid(hook("ops", Map.of("url", "https://h.test", "events", List.of("crashed"))),
                "has no event \"crashed\"");
        assertAlertsInvalid(hook("ops", Map.of("url", "https://h.test", "events", List.of())),
                "at least one event");
        assertAlertsInvalid(hook("ops", Map.of("url", "https://h.test", "secret", " ")), "alerts.webhooks.ops.secret");
        assertAlertsInvalid(hook("ops", Map.of("url", "https://h.test", "Secret", "x")), "has no setting \"Secret\"");
        assertAlertsInvalid(hook("9ops", Map.of("url", "https://h.test")), "a webhook's name");
        Map<String, Object> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i <= AlertSettings.MAX_WEBHOOKS; i++) {
            many.put("h" + i, Map.of("url", "https://h.test/" + i));
        }
        assertAlertsInvalid(Map.of("webhooks", many), "at most 20 webhooks");
        many.remove("h0");
        assertEquals(20, ControlSettings.fromTree(Map.of("alerts", Map.of("webhooks", many))).alerts().webhooks()
                .size());
        assertEquals(Set.of(AlertKind.TOKEN_EXPIRED), new Webhook("ok", URI.create("HTTPS://h.test"),
                Set.of(AlertKind.TOKEN_EXPIRED), Optional.empty()).events());
    }

    private static Map<String, Object> hook(String name, Map<String, Object> values) {
        return Map.of("webhooks", Map.of(name, values));
    }

    private static QuotaAutomationSettings section(Map<String, Object> values) {
        return ControlSettings.fromTree(Map.of("automation", values)).automation();
    }

    private static void assertInvalid(Map<String, Object> automation, String named) {
        assertRefused(Map.of("automation", automation), named);
    }

    private static void assertAlertsInvalid(Map<String, Object> alerts, String named) {
        assertRefused(Map.of("alerts", alerts), named);
    }

    private static void assertRefused(Object tree, String named) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ControlSettings.fromTree(tree));
        assertEquals(ControlSettings.INVALID, e.error());
        assertTrue(e.detail().orElse("").contains(named), e.detail().orElse(""));
    }
}
