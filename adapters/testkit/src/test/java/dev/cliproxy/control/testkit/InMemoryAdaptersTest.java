package dev.cliproxy.control.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault hooks and the clock do what they promise. */
class InMemoryAdaptersTest {

    private final TestClock clock = new TestClock();
    private final CcsLayout layout = new CcsLayout(Path.of("/tmp/ccs"));

    @Test
    void aCrashedProxyIsGoneAndItsReusedPidIsNeverSignalled() {
        InMemoryProxyHost host = new InMemoryProxyHost(clock);
        ProxyProcessPort.Launch launch = host.launch(Path.of("/bin/proxy"), Backend.ORIGINAL, 8317);
        ProcessInfo proxy = ((ProxyProcessPort.Launch.Launched) launch).proxy().process();
        assertEquals(ProbeResult.PROXY, host.probe(8317, Duration.ofSeconds(1)));

        host.crashProxy(true);

        assertEquals(ProbeResult.NO_ANSWER, host.probe(8317, Duration.ofSeconds(1)));
        assertTrue(host.find(proxy.pid()).isPresent(), "the PID now belongs to another program");
        assertEquals(ProxyProcessPort.Termination.NOT_RUNNING, host.terminate(proxy, Duration.ofSeconds(1)));
        assertEquals(List.of(), host.signalledPids());
    }

    @Test
    void aFailingLaunchFailsOnceThenLaunchesWork() {
        InMemoryProxyHost host = new InMemoryProxyHost(clock);
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.NOT_LAUNCHED);
        assertTrue(host.launch(Path.of("/bin/proxy"), Backend.ORIGINAL, 8317)
                instanceof ProxyProcessPort.Launch.NotLaunched);
        assertTrue(host.launch(Path.of("/bin/proxy"), Backend.ORIGINAL, 8317)
                instanceof ProxyProcessPort.Launch.Launched);
    }

    @Test
    void aWriteThatFailsHalfWayKeepsTheOldContent() {
        InMemoryConfigFile config = new InMemoryConfigFile(layout);
        config.put(8317, "port: 8317\n");
        config.failNextWrite();
        assertThrows(StorageException.class,
                () -> config.replace(8317, "port: 1\n", new WritePrecondition.Unconditional()));
        assertEquals("port: 8317\n", new String(config.read(8317).orElseThrow().content(), StandardCharsets.UTF_8));
        assertThrows(PreconditionFailedException.class, () -> config.replace(8317, "port: 2\n",
                new WritePrecondition.MatchesAny(List.of(EntityTag.of("other".getBytes(StandardCharsets.UTF_8))))));
        config.replace(8317, "port: 3\n", new WritePrecondition.AnyExisting());
        assertEquals("port: 8317\n", config.backup(8317).orElseThrow());
    }

    @Test
    void linksOutOfTheDirectoryAreNeitherListedNorRead() {
        InMemoryAuthFiles auth = new InMemoryAuthFiles(layout, clock);
        auth.putLinkOutside("secret.json");
        auth.putDirectory("sub.json");
        String token = auth.putAccount(QuotaProvider.CODEX, "a@b.c", "tok");
        assertEquals(List.of(token), auth.list().stream().map(f -> f.name()).toList());
        assertTrue(auth.open(new AuthFileName("secret.json")).isEmpty());
        assertTrue(auth.find(QuotaProvider.CODEX, "a@b.c").isPresent());
        auth.put(token, "not a token".getBytes(StandardCharsets.UTF_8));
        assertTrue(auth.find(QuotaProvider.CODEX, "a@b.c").isEmpty(), "an overwritten token file is no account");

        InMemoryLogStore logs = new InMemoryLogStore(layout, clock);
        logs.put("main.log", new byte[3]);
        logs.put("error-a.log", new byte[4]);
        logs.failNextRead();
        assertThrows(StorageException.class, () -> logs.open(new ErrorLogName("error-a.log")));
        assertEquals(List.of("error-a.log"), logs.list().stream().map(f -> f.name()).toList());
    }

    @Test
    void theClockMovesOnlyWhenTold() {
        var start = clock.instant();
        assertEquals(start, clock.instant());
        assertEquals(start.plusSeconds(90), clock.advance(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void aFeedThatIsDownFailsAsTheRealOneDoes() {
        InMemoryReleaseFeed feed = new InMemoryReleaseFeed();
        feed.down(InMemoryReleaseFeed.State.TIMES_OUT);
        assertThrows(ServiceUnavailableException.class, () -> feed.latest("o/n"));
        assertEquals(1, feed.calls());
    }
}
