package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Start's failure reports, with an in-memory host whose proxy misbehaves. */
class StartProxyServiceTest {

    private static final String API_KEY = "sk-very-secret-client-key";
    private static final String SECRET = "management-secret-value";
    /** What the misbehaving proxy prints: its secrets, then why it failed. */
    private static final String OUTPUT = "loaded api-keys [" + API_KEY + "] secret " + SECRET
            + "\nbind: address already in use";

    private final InMemoryProxyHost host = new InMemoryProxyHost(new TestClock());
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryProxySettings settings = new InMemoryProxySettings().apiKeys(List.of(API_KEY))
            .managementSecret(SECRET);

    @Test
    void aProxyThatExitsIsReportedWithItsCodeAndOutputWithoutSecrets() {
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.EXITS_AT_ONCE, OUTPUT);

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service().start());

        assertTrue(failed.reason().contains("exited with code 1"), failed.reason());
        assertTrue(failed.reason().contains("bind: address already in use"), failed.reason());
        assertFalse(failed.reason().contains(API_KEY), failed.reason());
        assertFalse(failed.reason().contains(SECRET), failed.reason());
        assertTrue(sessions.read(settings.lifecyclePort()).isEmpty(), "nothing recorded");
    }

    @Test
    void anotherProgramAnsweringAfterTheLaunchFailsTheStartAtOnceAndStopsTheChild() {
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.LOSES_THE_PORT, OUTPUT);

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service().start());

        assertTrue(failed.reason().startsWith("Port " + settings.lifecyclePort() + " is in use by another program"));
        assertEquals(1, host.signalledPids().size(), "the launched child was signalled");
        assertTrue(host.liveProxyPids().isEmpty(), "the launched child was stopped");
    }

    @Test
    void aStartThatFailsStillDropsTheRecordOfADeadProxy() {
        StartProxyService service = service();
        assertInstanceOf(StartOutcome.Started.class, service.start());
        host.crashProxy(false);
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.NOT_LAUNCHED);

        assertInstanceOf(StartOutcome.StartFailed.class, service.start());

        assertTrue(sessions.read(settings.lifecyclePort()).isEmpty(), "no record of a dead proxy is left behind");
    }

    @Test
    void theBackendOfTheSettingsAtTheTimeOfEachStartPicksTheBinaryTheLabelAndTheConfigsKeys() {
        StartProxyService service = new StartProxyService(new ProxyLifecycle(new CcsLayout(Path.of("/ccs")),
                new ProxyPorts(settings, sessions, host, host, host, host), timings()), Optional.empty(),
                Clock.systemUTC());
        assertInstanceOf(StartOutcome.Started.class, service.start());
        host.crashProxy(false);
        settings.backend(Backend.PLUS).clientKeys(new ClientKeys("sk-user-choice", "mgmt-user-choice")).port(9000);
        assertInstanceOf(StartOutcome.Started.class, service.start());

        assertEquals(List.of("/ccs/cliproxy/bin/original/cli-proxy-api as CLIProxy",
                "/ccs/cliproxy/bin/plus/cli-proxy-api-plus as CLIProxy Plus"),
                host.launches().stream().map(l -> l.binary() + " as " + l.backend().label()).toList());
        assertEquals(List.of(
                "8317 ccs-internal-managed/ccs https://github.com/router-for-me/Cli-Proxy-API-Management-Center",
                "9000 sk-user-choice/mgmt-user-choice https://github.com/kaitranntt/Cli-Proxy-API-Management-Center"),
                host.writtenConfigs().stream().map(c -> c.port() + " " + c.keys().apiKey() + "/"
                        + c.keys().managementSecret() + " " + c.panelRepository()).toList());
    }

    @Test
    void theRecordNamesTheBinaryALauncherExecsNotTheLauncher() {
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.EXECS);

        StartOutcome.Started started = assertInstanceOf(StartOutcome.Started.class, service().start());

        SessionRecord record = sessions.read(settings.lifecyclePort()).orElseThrow();
        assertEquals(started.pid(), record.pid());
        assertEquals(Optional.of("/bin/cli-proxy-api"), record.command());
    }

    @Test
    void aRecordThatCannotBeStoredFailsTheStartAndStopsTheProxy() {
        SessionStorePort unwritable = new SessionStorePort() {
            @Override
            public Optional<SessionRecord> read(int port) {
                return Optional.empty();
            }

            @Override
            public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
                throw new StorageException("Failed to write session file", "read-only file system");
            }
        };
        StartProxyService service = new StartProxyService(new ProxyLifecycle(new CcsLayout(Path.of("/nonexistent")),
                new ProxyPorts(settings, unwritable, host, host, host, host), timings()),
                Optional.of(Path.of("/bin/cli-proxy-api")), Clock.systemUTC());

        assertThrows(StorageException.class, service::start);

        assertEquals(1, host.launches().size());
        assertTrue(host.liveProxyPids().isEmpty(), "the launched proxy was stopped");
        assertInstanceOf(StartOutcome.Started.class, service().start(), "the startup lock was released");
    }

    @Test
    void anExplicitBinaryWinsOverTheBackendsAndTheFailureNamesTheBackend() {
        settings.backend(Backend.PLUS);
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.EXITS_AT_ONCE, OUTPUT);

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service().start());

        assertTrue(failed.reason().startsWith("CLIProxy Plus exited with code 1"), failed.reason());
        assertEquals(Path.of("/bin/cli-proxy-api"), host.launches().get(0).binary());
    }

    @Test
    void theSettingsClientKeysAreMaskedButNotTheCcsToolsPublishedDefaults() {
        settings.clientKeys(new ClientKeys("sk-settings-key-1", "settings-secret-2"));
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.EXITS_AT_ONCE,
                "dir /home/u/.ccs/cliproxy key ccs-internal-managed sk-settings-key-1 settings-secret-2");

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, service().start());

        assertTrue(failed.reason().contains("dir /home/u/.ccs/cliproxy key ccs-internal-managed *** ***"),
                failed.reason());
    }

    private static ProxyTimings timings() {
        return new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(1), Duration.ofMillis(10));
    }

    private StartProxyService service() {
        ProxyPorts ports = new ProxyPorts(settings, sessions, host, host, host, host);
        return new StartProxyService(new ProxyLifecycle(new CcsLayout(Path.of("/nonexistent")), ports, timings()),
                Optional.of(Path.of("/bin/cli-proxy-api")), Clock.systemUTC());
    }
}
