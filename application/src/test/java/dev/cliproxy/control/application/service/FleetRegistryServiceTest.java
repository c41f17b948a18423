package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.RegisterFleetInstanceUseCase.Command;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetSettings;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fleet's instances: the CCS directory's ports, the ccs remote, and the proxies registered by hand. */
class FleetRegistryServiceTest {

    private final InMemoryControlSettings controlSettings = new InMemoryControlSettings();
    private final InMemoryProxySettings proxySettings = new InMemoryProxySettings().port(9100);
    private final InMemoryConfigFile configFiles = new InMemoryConfigFile(new CcsLayout(Path.of("/ccs")));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final FleetRegistryService fleet = new FleetRegistryService(controlSettings, proxySettings, configFiles,
            sessions);

    @Test
    void everyLocalPortIsListedOnceByPortThenTheCcsRemoteThenTheRegisteredOnesById() {
        configFiles.put(8317, "port: 8317\n");
        configFiles.put(9200, "port: 9200\n");
        sessions.update(9000, current -> Optional.of(SessionRecord.started(9000,
                new ProcessInfo(1, Optional.empty(), Optional.empty(), List.of()), Instant.EPOCH, List.of())));
        sessions.update(9200, current -> Optional.of(SessionRecord.started(9200,
                new ProcessInfo(2, Optional.empty(), Optional.empty(), List.of()), Instant.EPOCH, List.of())));
        fleet.register(new Command("Zeta", "http://zeta.lan", Optional.empty()));
        fleet.register(new Command("Alpha box", "https://alpha.lan", Optional.of("k")));
        proxySettings.remote(Optional.of(new RemoteProxy(URI.create("https://ccs.lan:443"), Optional.empty(),
                Optional.empty())));

        assertEquals(List.of("local-8317", "local-9000", "local-9100", "local-9200", "ccs-remote", "alpha-box", "zeta"),
                fleet.list().stream().map(FleetInstance::id).toList());
        FleetInstance.Remote ccs = (FleetInstance.Remote) fleet.find("ccs-remote");
        assertEquals("ccs remote (https://ccs.lan:443)", ccs.name());
        assertEquals(new FleetInstance.Local(9100), fleet.find("local-9100"));
    }

    @Test
    void withNothingButTheSettingsTheCurrentPortIsTheFleet() {
        assertEquals(List.of(new FleetInstance.Local(9100)), fleet.list());
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertTrue(assertThrows(NotFoundException.class, () -> fleet.find("z".repeat(60))).detail().orElseThrow()
                .contains("\"" + "z".repeat(60) + "\""), "60 characters are shown whole");
        NotFoundException missing = assertThrows(NotFoundException.class, () -> fleet.find("nope\u0001" + "x".repeat(70)));
        assertEquals(Optional.of(ErrorCode.FLEET_INSTANCE_NOT_FOUND), missing.errorCode());
        assertTrue(missing.detail().orElseThrow().contains("\"nope?" + "x".repeat(55) + "...\""),
                missing.detail().orElseThrow());
    }

    @Test
    void aRegistrationIsKeptInTheFleetSectionWithItsKeyWriteOnly() {
        FleetInstance.Remote home = fleet.register(new Command("  Home Server ", "https://Proxy.Home.example",
                Optional.of("s3cret")));
        assertEquals("home-server", home.id());
        assertEquals("Home Server", home.name());
        assertEquals(URI.create("https://proxy.home.example:443"), home.target().baseUri());
        assertEquals(Optional.of("s3cret"), home.target().managementKey());
        FleetSettings stored = FleetSettings.fromSection(controlSettings.stored().otherSections().get("fleet"));
        assertEquals(Optional.of("s3cret"), stored.instances().get("home-server").managementKey());
        assertFalse(controlSettings.read().settings().publicTree().toString().contains("s3cret"));
        assertEquals(home, fleet.find("home-server"));
    }

    @Test
    void aRegistrationKeepsTheOtherSectionsAndSettingsOfTheFleet() {
        controlSettings.put(ControlSettings.fromTree(Map.of("webhooks", Map.of("url", "https://hooks"),
                "fleet", Map.of("quotaConcurrency", 7))));
        fleet.register(new Command("Home", "http://h", Optional.empty()));
        ControlSettings stored = controlSettings.stored();
        assertEquals(Map.of("url", "https://hooks"), stored.otherSections().get("webhooks"));
        assertEquals(7, FleetSettings.fromSection(stored.otherSections().get("fleet")).quotaConcurrency());
    }

    @Test
    void aTakenIdABadNameOrABadUrlIsRefusedAndNothingIsWritten() {
        fleet.register(new Command("Home", "http://h", Optional.empty()));
        ControlSettings before = controlSettings.stored();
        ConflictException taken = assertThrows(ConflictException.class,
                () -> fleet.register(new Command("HOME", "http://other", Optional.empty())));
        assertEquals(Optional.of(ErrorCode.FLEET_INSTANCE_EXISTS), taken.errorCode());
        for (Command bad : List.of(new Command("!!!", "http://h", Optional.empty()),
                new Command("Local 1", "http://h", Optional.empty()),
                new Command("Local", "http://h", Optional.empty()),
                new Command("", "http://h", Optional.empty()),
                new Command("Box", "ftp://h", Optional.empty()))) {
            InvalidInputException refused = assertThrows(InvalidInputException.class, () -> fleet.register(bad));
            assertEquals(Optional.of(ErrorCode.INVALID_FLEET_INSTANCE), refused.errorCode(), bad.toString());
        }
        assertEquals(before, controlSettings.stored());
    }

    @Test
    void aCommandsTextNeverShowsItsKey() {
        assertFalse(new Command("a", "http://h", Optional.of("top-secret")).toString().contains("top-secret"));
        assertTrue(new Command("a", "http://h", Optional.empty()).toString().contains("managementKey=none"));
    }

    @Test
    void aRegisteredInstanceIsRemovedButLocalOnesAndTheCcsRemoteAreNot() {
        fleet.register(new Command("Home", "http://h", Optional.empty()));
        fleet.register(new Command("Box", "http://b", Optional.empty()));
        fleet.remove("home");
        assertEquals(List.of("local-9100", "box"), fleet.list().stream().map(FleetInstance::id).toList());
        assertEquals(Optional.of(ErrorCode.FLEET_INSTANCE_NOT_FOUND),
                assertThrows(NotFoundException.class, () -> fleet.remove("home")).errorCode());
        ConflictException local = assertThrows(ConflictException.class, () -> fleet.remove("local-9100"));
        assertEquals(Optional.of(ErrorCode.FLEET_INSTANCE_FIXED), local.errorCode());
        assertTrue(local.detail().orElseThrow().contains("ports of the CCS directory"));
        proxySettings.remote(Optional.of(new RemoteProxy(URI.create("https://ccs.lan:443"), Optional.empty(),
                Optional.empty())));
        ConflictException ccs = assertThrows(ConflictException.class, () -> fleet.remove("ccs-remote"));
        assertTrue(ccs.detail().orElseThrow().contains("cliproxy_server.remote"));
    }

    @Test
    void aWriteIsTriedAgainWhenAnotherWriterChangedTheSettingsInBetweenButNotForever() {
        AtomicInteger interruptions = new AtomicInteger(2);
        FleetRegistryService racing = new FleetRegistryService(new Interrupted(controlSettings, interruptions),
                proxySettings, configFiles, sessions);
        racing.register(new Command("Home", "http://h", Optional.empty()));
        assertEquals(List.of("home"), List.copyOf(FleetSettings.fromSection(
                controlSettings.stored().otherSections().get("fleet")).instances().keySet()));
        assertTrue(FleetSettings.fromSection(controlSettings.stored().otherSections().get("fleet")).instances()
                .containsKey("home"));
        interruptions.set(FleetRegistryService.WRITE_ATTEMPTS);
        assertThrows(PreconditionFailedException.class, () -> racing.remove("home"));
        assertTrue(FleetSettings.fromSection(controlSettings.stored().otherSections().get("fleet")).instances()
                .containsKey("home"), "nothing was written");
        interruptions.set(FleetRegistryService.WRITE_ATTEMPTS - 1);
        racing.remove("home");
        assertEquals(List.of("local-9100"), fleet.list().stream().map(FleetInstance::id).toList());
    }

    /** Settings another writer changes before each of the next writes, as many times as {@code left} says. */
    private record Interrupted(InMemoryControlSettings store, AtomicInteger left) implements ControlSettingsPort {

        @Override
        public ControlSettingsDocument read() {
            return store.read();
        }

        @Override
        public ControlSettingsDocument replace(ControlSettings settings, WritePrecondition precondition) {
            if (left.getAndDecrement() > 0) {
                ControlSettings current = store.stored();
                store.put(current.withSection("other", Map.of("n", left.get())));
            }
            return store.replace(settings, precondition);
        }
    }
}
