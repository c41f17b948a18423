package dev.cliproxy.control.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void aLaunchThatLosesItsPortLeavesAnotherProgramThereAndPrintsWhatItWasTold() {
        InMemoryProxyHost host = new InMemoryProxyHost(clock);
        host.nextLaunch(InMemoryProxyHost.LaunchBehaviour.LOSES_THE_PORT, "one\ntwo\nbind: address already in use");
        ProxyProcessPort.LaunchedProxy child = ((ProxyProcessPort.Launch.Launched) host.launch(Path.of("/bin/proxy"),
                Backend.ORIGINAL, 8317)).proxy();

        assertEquals(ProbeResult.OTHER_PROGRAM, host.probe(8317, Duration.ofSeconds(1)));
        assertEquals("two\nbind: address already in use", child.outputTail(2));
        assertEquals(ProxyProcessPort.Termination.EXITED, host.terminate(child.process(), Duration.ofSeconds(1)));
        assertEquals(ProbeResult.OTHER_PROGRAM, host.probe(8317, Duration.ofSeconds(1)), "the other program stays");
        assertTrue(host.signalledOnlyProxies());
        assertEquals("", ((ProxyProcessPort.Launch.Launched) host.launch(Path.of("/bin/proxy"), Backend.ORIGINAL, 9000)).proxy()
                .outputTail(5), "the output was for one launch only");
    }

    @Test
    void aReusedPidBelongsToAProgramStartedWellAfterTheProxy() {
        InMemoryProxyHost host = new InMemoryProxyHost(clock);
        ProcessInfo proxy = ((ProxyProcessPort.Launch.Launched) host.launch(Path.of("/bin/proxy"), Backend.ORIGINAL, 8317)).proxy()
                .process();
        host.crashProxy(true);
        ProcessInfo other = host.find(proxy.pid()).orElseThrow();
        assertTrue(Duration.between(proxy.startInstant().orElseThrow(), other.startInstant().orElseThrow())
                .compareTo(Duration.ofMinutes(1)) >= 0, other.toString());
    }

    @Test
    void binaryVersionsAreReportedAsTheRealAdapterReportsThem() {
        InMemoryBinaryVersions binaries = new InMemoryBinaryVersions();
        Path binary = Path.of("/ccs/cliproxy/bin/original/cli-proxy-api");
        binaries.install(binary, "6.9.10");
        assertEquals(Optional.of("6.9.10"), binaries.reportedVersion(Path.of("/ccs/cliproxy/bin/../bin/original/"
                + "cli-proxy-api"), Duration.ofSeconds(1)));
        assertEquals(Optional.empty(), binaries.reportedVersion(Path.of("/elsewhere"), Duration.ofSeconds(1)));

        binaries.install(binary, "6.9.11", Duration.ofSeconds(3));
        assertEquals(Optional.empty(), binaries.reportedVersion(binary, Duration.ofSeconds(1)), "too slow");
        assertEquals(Optional.of("6.9.11"), binaries.reportedVersion(binary, Duration.ofSeconds(5)));

        binaries.installWithoutBanner(binary);
        assertEquals(Optional.empty(), binaries.reportedVersion(binary, Duration.ofSeconds(1)));
        binaries.remove(binary);
        assertEquals(Optional.empty(), binaries.reportedVersion(binary, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> binaries.install(binary, "6.9 beta"));
        assertThrows(IllegalArgumentException.class, () -> binaries.install(binary, "6.9,1"));
    }

    @Test
    void installedVersionsAreReadAsTheRealFilesAre() {
        InMemoryInstalledVersions installed = new InMemoryInstalledVersions();
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.ORIGINAL));
        installed.write(Backend.ORIGINAL, " 6.9.10\n");
        assertEquals(Optional.of("6.9.10"), installed.recordedVersion(Backend.ORIGINAL));
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.PLUS));
        installed.write(Backend.PLUS, " \n");
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.PLUS), "blank");
        installed.write(Backend.PLUS, "6".repeat(257));
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.PLUS), "longer than a version can be");
        installed.delete(Backend.ORIGINAL);
        assertEquals(Optional.empty(), installed.recordedVersion(Backend.ORIGINAL));
    }

    @Test
    void theManagementApiRefusesAsTheRealOneAndPassesTheRestToTheProviders() {
        InMemoryUpstream providers = new InMemoryUpstream();
        providers.answer(QuotaProvider.CLAUDE, QuotaAnswer.ok("{\"five_hour\":{}}"));
        InMemoryProxyManagement management = new InMemoryProxyManagement(providers);
        Credential byName = credential("claude-a@b.c.json", "someone@else.org");
        Credential byEmail = credential("claude-old.json", "A@B.c");
        UpstreamRequest request = UpstreamRequest.get(URI.create("https://api.anthropic.com/api/oauth/usage"),
                Map.of(), "Bearer");

        assertEquals(Optional.of("upstream_unreachable"),
                assertThrows(UpstreamFailureException.class, () -> management.apiCall(8317, "s", byName, request))
                        .code());
        management.serve(8317, "s");
        assertEquals(Optional.of("management_api_failed"), assertThrows(UpstreamFailureException.class,
                () -> management.apiCall(8317, "wrong", byName, request)).code());
        assertEquals(Optional.of("reauth_required"),
                assertThrows(ConflictException.class, () -> management.apiCall(8317, "s", byName, request)).code());

        management.load(8317, "claude-a@b.c.json", Optional.of("a@b.c"));
        assertEquals(200, management.apiCall(8317, "s", byName, request).status());
        assertEquals(200, management.apiCall(8317, "s", byEmail, request).status(), "matched by email");
        assertEquals(List.of(request, request), providers.calls());
        management.stop(8317);
        assertThrows(UpstreamFailureException.class, () -> management.apiCall(8317, "s", byName, request));
    }

    private static Credential credential(String fileName, String email) {
        return new Credential(QuotaProvider.CLAUDE, fileName, false, Optional.of(email), "tok", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
