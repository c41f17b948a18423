package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.application.service.GetProxyStatusService;
import dev.cliproxy.control.application.service.ProxyLifecycle;
import dev.cliproxy.control.application.service.ProxyPorts;
import dev.cliproxy.control.application.service.ProxyTimings;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyTarget;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A status reads the settings once per look: whether remote mode is on and the local port come from one read. */
class CcsTargetTest {

    private final InMemoryProxyHost host = new InMemoryProxyHost(new TestClock());
    private final InMemoryProxySettings fake = new InMemoryProxySettings().port(9100);
    private final CountingSettings settings = new CountingSettings(fake);
    private final CcsTarget target = new CcsTarget(settings);
    private final GetProxyStatusUseCase status = target.status(new GetProxyStatusService(new ProxyLifecycle(
            new CcsLayout(Path.of("/nonexistent-ccs")), new ProxyPorts(settings, new InMemorySessionStore(), host, host, host, host),
            ProxyTimings.defaults(Duration.ofSeconds(1)))));

    @Test
    void aLocalStatusReadsTheSettingsOnceAndLooksAtThePortTheyName() {
        host.launch(Path.of("/bin/cli-proxy-api"), Backend.ORIGINAL, 9100); // unrecorded: known only by its port

        assertEquals(new ProxyStatus.Running(9100, OptionalLong.empty(), 0, Optional.empty()), status.status());
        assertEquals(1, settings.reads.get(), "one read of the settings for the remote mode and the port");

        fake.port(9200);
        assertEquals(new ProxyStatus.NotRunning(), status.status(), "the port the settings name now");
        assertEquals(2, settings.reads.get());
    }

    @Test
    void whileRemoteModeIsOnTheRemoteInstanceIsAskedAfterTheSameSingleRead() {
        RemoteProxy remote = new RemoteProxy(URI.create("https://proxy.example.com:443"), Optional.empty(),
                Optional.empty());
        target.remoteInstances(proxy -> {
            throw new IllegalStateException("asked the remote instance of " + proxy.baseUri());
        });
        fake.remote(Optional.of(remote));
        host.launch(Path.of("/bin/cli-proxy-api"), Backend.ORIGINAL, 9100);

        IllegalStateException asked = assertThrows(IllegalStateException.class, status::status);
        assertEquals("asked the remote instance of https://proxy.example.com:443", asked.getMessage(),
                "not the local proxy");
        assertEquals(1, settings.reads.get());
    }

    /** Counts the reads of the settings: the target counts one, and so does each of its parts read apart. */
    private static final class CountingSettings implements ProxySettingsPort {
        private final ProxySettingsPort settings;
        private final AtomicInteger reads = new AtomicInteger();

        CountingSettings(ProxySettingsPort settings) {
            this.settings = settings;
        }

        @Override
        public ProxyTarget proxyTarget() {
            reads.incrementAndGet();
            return settings.proxyTarget();
        }

        @Override
        public int lifecyclePort() {
            reads.incrementAndGet();
            return settings.lifecyclePort();
        }

        @Override
        public Optional<RemoteProxy> remote() {
            reads.incrementAndGet();
            return settings.remote();
        }

        @Override
        public List<String> apiKeys(int port) {
            return settings.apiKeys(port);
        }

        @Override
        public Optional<String> managementSecret(int port) {
            return settings.managementSecret(port);
        }

        @Override
        public Backend backend() {
            return settings.backend();
        }
    }
}
