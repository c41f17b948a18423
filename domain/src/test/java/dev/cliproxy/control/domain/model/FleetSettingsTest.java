package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The control settings' fleet section: read, refused naming the key, written back whole, its keys write-only. */
class FleetSettingsTest {

    private static final Map<String, Object> HOME = Map.of("name", "Home server", "baseUrl",
            "https://proxy.home.example", "managementKey", "s3cret-key");

    @Test
    void noSectionIsTheDefaults() {
        FleetSettings fleet = FleetSettings.fromSection(null);
        assertEquals(FleetSettings.DEFAULTS, fleet);
        assertEquals(Duration.ofSeconds(3), fleet.statusTimeout());
        assertEquals(4, fleet.quotaConcurrency());
        assertEquals(Optional.empty(), fleet.trustedCaFile());
        assertEquals(List.of(), fleet.remotes());
    }

    @Test
    void aFullSectionIsReadAsWritten() {
        FleetSettings fleet = FleetSettings.fromSection(Map.of("statusTimeout", "500ms", "quotaConcurrency", 8,
                "trustedCaFile", "/etc/ssl/ca.pem", "instances", Map.of("home", HOME,
                        "b-box", Map.of("name", "Box", "baseUrl", "http://10.0.0.9"))));
        assertEquals(Duration.ofMillis(500), fleet.statusTimeout());
        assertEquals(8, fleet.quotaConcurrency());
        assertEquals(Optional.of(Path.of("/etc/ssl/ca.pem")), fleet.trustedCaFile());
        List<FleetInstance.Remote> remotes = fleet.remotes();
        assertEquals(List.of("b-box", "home"), remotes.stream().map(FleetInstance::id).toList(), "sorted by id");
        assertEquals(URI.create("http://10.0.0.9:8317"), remotes.get(0).target().baseUri());
        assertEquals(Optional.empty(), remotes.get(0).target().managementKey());
        assertEquals(Optional.of("s3cret-key"), remotes.get(1).target().managementKey());
        assertEquals(Optional.empty(), remotes.get(1).target().clientKey(), "registered instances have no client key");
        assertEquals("Home server", remotes.get(1).name());
    }

    @Test
    void whatIsWrittenIsReadBackTheSame() {
        FleetSettings fleet = FleetSettings.fromSection(Map.of("statusTimeout", "2s", "trustedCaFile", "/ca.pem",
                "instances", Map.of("home", HOME)));
        Map<String, Object> section = fleet.toSection();
        assertEquals(fleet, FleetSettings.fromSection(section));
        assertEquals("2s", section.get("statusTimeout"));
        assertEquals("s3cret-key", ((Map<?, ?>) ((Map<?, ?>) section.get("instances")).get("home")).get("managementKey"),
                "the file keeps the key");
        assertFalse(FleetSettings.DEFAULTS.toSection().containsKey("trustedCaFile"));
        assertFalse(((Map<?, ?>) ((Map<?, ?>) fleet.without("home").with("x", new FleetSettings.Registered("X",
                URI.create("http://x:1"), Optional.empty())).toSection().get("instances")).get("x"))
                .containsKey("managementKey"));
    }

    @Test
    void instancesAreAddedAndRemovedByIdKeepingTheRest() {
        FleetSettings fleet = FleetSettings.fromSection(Map.of("quotaConcurrency", 2, "instances", Map.of("home", HOME)));
        FleetSettings.Registered box = new FleetSettings.Registered("Box", URI.create("https://box.lan"),
                Optional.of("k"));
        FleetSettings added = fleet.with("box", box);
        assertEquals(List.of("box", "home"), List.copyOf(added.instances().keySet()));
        assertEquals(URI.create("https://box.lan:443"), added.instances().get("box").baseUrl());
        assertEquals(2, added.quotaConcurrency());
        assertEquals(List.of("box"), List.copyOf(added.without("home").instances().keySet()));
        assertEquals(fleet, added.without("box"));
    }

    @Test
    void aRegisteredInstancesTextNeverShowsItsKey() {
        String text = new FleetSettings.Registered("Home", URI.create("https://h"), Optional.of("very-secret"))
                .toString();
        assertFalse(text.contains("very-secret"));
        assertTrue(text.contains("managementKey=***"), text);
        assertTrue(new FleetSettings.Registered("Home", URI.create("https://h"), Optional.of(" ")).toString()
                .contains("managementKey=none"));
    }

    @Test
    void aNameIsShortPrintableText() {
        assertEquals("x".repeat(80), new FleetSettings.Registered("x".repeat(80), URI.create("http://h"),
                Optional.empty()).name());
        for (String name : new String[] {"", "  ", "x".repeat(81), "tab\there"}) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> new FleetSettings.Registered(name, URI.create("http://h"), Optional.empty()));
            assertEquals(Optional.of(ErrorCode.INVALID_FLEET_INSTANCE), refused.errorCode());
        }
    }

    @Test
    void everyBadValueIsRefusedNamingItsKey() {
        assertRefused(() -> FleetSettings.fromSection("no"), "fleet must be a mapping");
        assertRefused(() -> FleetSettings.fromSection(Map.of("timeout", "3s")), "fleet has no setting \"timeout\"");
        assertRefused(() -> FleetSettings.fromSection(Map.of("statusTimeout", 3)), "fleet.statusTimeout must be text");
        assertRefused(() -> FleetSettings.fromSection(Map.of("statusTimeout", "soon")), "fleet.statusTimeout");
        assertRefused(() -> FleetSettings.fromSection(Map.of("statusTimeout", "99ms")), "from 100ms to 1m");
        assertRefused(() -> FleetSettings.fromSection(Map.of("statusTimeout", "61s")), "from 100ms to 1m");
        assertRefused(() -> FleetSettings.fromSection(Map.of("quotaConcurrency", "4")), "must be a whole number");
        assertRefused(() -> FleetSettings.fromSection(Map.of("quotaConcurrency", 0)), "from 1 to 32");
        assertRefused(() -> FleetSettings.fromSection(Map.of("quotaConcurrency", 33)), "from 1 to 32");
        assertRefused(() -> FleetSettings.fromSection(Map.of("trustedCaFile", "ca.pem")), "absolute path");
        assertRefused(() -> FleetSettings.fromSection(Map.of("trustedCaFile", "/a\0b")), "not a path");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", List.of())), "mapping of instance ids");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("home", "x"))),
                "fleet.instances.home must be a mapping");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("local-1", HOME))),
                "is not an instance id");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("home", Map.of("baseUrl", "http://h")))),
                "fleet.instances.home.name is missing");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("home", Map.of("name", "H")))),
                "fleet.instances.home.baseUrl is missing");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("home",
                Map.of("name", "H", "baseUrl", "http://h", "url", "x")))), "has no setting \"url\"");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("home",
                Map.of("name", "H", "baseUrl", "http://h/path")))), "fleet.instances.home: the base URL");
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", Map.of("home",
                Map.of("name", "H", "baseUrl", "http://h", "managementKey", 5)))), "managementKey must be text");
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= FleetSettings.MAX_INSTANCES; i++) {
            many.put("i" + i, Map.of("name", "I", "baseUrl", "http://h"));
        }
        assertRefused(() -> FleetSettings.fromSection(Map.of("instances", many)), "at most 200 instances");
        many.remove("i0");
        assertEquals(200, FleetSettings.fromSection(Map.of("instances", many)).instances().size());
        assertRefused(() -> FleetSettings.fromSection(Map.of("y".repeat(40), 1)), "\"" + "y".repeat(40) + "\" (known");
        assertRefused(() -> FleetSettings.fromSection(Map.of("y".repeat(41), 1)), "\"" + "y".repeat(40) + "...\"");
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertEquals(Duration.ofMillis(100), FleetSettings.fromSection(Map.of("statusTimeout", "100ms")).statusTimeout());
        assertEquals(Duration.ofMinutes(1), FleetSettings.fromSection(Map.of("statusTimeout", "1m")).statusTimeout());
        assertEquals(1, FleetSettings.fromSection(Map.of("quotaConcurrency", 1)).quotaConcurrency());
        assertEquals(32, FleetSettings.fromSection(Map.of("quotaConcurrency", 32)).quotaConcurrency());
    }

    @Test
    void theControlSettingsRefuseABadFleetSectionAndNeverShowAManagementKey() {
        assertRefused(() -> ControlSettings.fromTree(Map.of("fleet", Map.of("quotaConcurrency", 0))), "from 1 to 32");
        ControlSettings stored = ControlSettings.fromTree(Map.of("fleet", Map.of("instances", Map.of("home", HOME))));
        Map<?, ?> shown = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) stored.publicTree().get("fleet")).get("instances"))
                .get("home");
        assertEquals(Map.of("name", "Home server", "baseUrl", "https://proxy.home.example"), shown);
        ControlSettings rewritten = ControlSettings.fromTree(stored.publicTree()).keepingSecretsOf(stored);
        assertEquals(Optional.of("s3cret-key"), FleetSettings.fromSection(rewritten.otherSections().get("fleet"))
                .instances().get("home").managementKey(), "a write without the key keeps it");
    }

    @Test
    void aSectionIsReplacedWholeKeepingTheOthers() {
        ControlSettings settings = ControlSettings.fromTree(Map.of("webhooks", Map.of("url", "https://x")));
        ControlSettings withFleet = settings.withSection(FleetSettings.SECTION, FleetSettings.DEFAULTS.toSection());
        assertEquals(Map.of("url", "https://x"), withFleet.otherSections().get("webhooks"));
        assertEquals(FleetSettings.DEFAULTS, FleetSettings.fromSection(withFleet.otherSections().get("fleet")));
        assertEquals(settings.supervision(), withFleet.supervision());
        assertThrows(IllegalArgumentException.class, () -> settings.withSection(ControlSettings.SUPERVISION, Map.of()));
    }

    private static void assertRefused(Executable action, String detail) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, action);
        assertEquals(Optional.of(ErrorCode.INVALID_SETTINGS), refused.errorCode());
        assertTrue(refused.detail().orElseThrow().contains(detail), refused.detail() + " should say " + detail);
    }
}
