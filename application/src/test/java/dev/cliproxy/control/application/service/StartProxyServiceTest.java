package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    private StartProxyService service() {
        ProxyPorts ports = new ProxyPorts(settings, sessions, host, host, host, host);
        ProxyTimings timings = new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(1), Duration.ofMillis(10));
        return new StartProxyService(new CcsLayout(Path.of("/nonexistent")), ports, timings,
                Path.of("/bin/cli-proxy-api"), Clock.systemUTC());
    }
}
