package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.InstallProxyUseCase.InstallCommand;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.InstallEvent;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.InstallStep;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.testkit.InMemoryInstallation;
import dev.cliproxy.control.testkit.InMemoryInstalledVersions;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxyHost.LaunchBehaviour;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryReleaseFeed;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The install's decisions, on in-memory ports: what is promoted when, and what is put back. */
class InstallProxyServiceTest {

    private static final Platform LINUX = new Platform("linux", "amd64");
    private static final Backend ORIGINAL = Backend.ORIGINAL;

    private final TestClock clock = new TestClock();
    private final InMemoryProxyHost host = new InMemoryProxyHost(clock);
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryProxySettings settings = new InMemoryProxySettings();
    private final InMemoryReleaseFeed feed = new InMemoryReleaseFeed();
    private final InMemoryInstalledVersions installed = new InMemoryInstalledVersions();
    private final InMemoryInstallation files = new InMemoryInstallation(installed);
    private final ProxyTimings timings = new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5),
            Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofMillis(10));
    private final ProxyPorts ports = new ProxyPorts(settings, sessions, host, host, host, host);
    private final ProxyLifecycle lifecycle = new ProxyLifecycle(new CcsLayout(Path.of("/memory/ccs")), ports,
            timings);
    private final GetProxyStatusService status = new GetProxyStatusService(lifecycle);
    private final StartProxyService start = new StartProxyService(lifecycle, Optional.empty(), clock);
    private final RestartProxyService restart = new RestartProxyService(lifecycle, start,
            new StopProxyService(lifecycle));
    private final List<InstallEvent> events = new ArrayList<>();
    private final List<Release> published = new ArrayList<>();

    InstallProxyServiceTest() {
        installed.write(ORIGINAL, "6.9.1");
        files.installBinary(ORIGINAL, "binary 6.9.1");
        publish("6.9.2", "binary 6.9.2", true);
        publish("6.9.3", "binary 6.9.3", true);
    }

    private void publish(String version, String binary, boolean digest) {
        byte[] archive = InMemoryInstallation.archiveHolding(binary);
        String url = "https://github.test/" + version + ".tar.gz";
        files.serve(url, archive);
        published.add(Release.ofTag("v" + version, false, Optional.empty()).orElseThrow());
        feed.publish(published);
        feed.attach(version, List.of(new ReleaseAsset(LINUX.assetNames(ORIGINAL, version).getFirst(),
                archive.length, url, digest ? Optional.of(InMemoryInstallation.sha256(archive)) : Optional.empty())));
    }

    private InstallProxyService service(boolean binaryNamed) {
        InstallProxyService service = new InstallProxyService(lifecycle,
                new InstallPorts(feed, installed, files, files, files, host, files), status, restart, clock,
                new InstallProxyService.Options(Optional.of(LINUX), Optional.empty(), binaryNamed, 1_000_000));
        service.watch(events::add);
        return service;
    }

    private List<InstallStep> steps() {
        return events.stream().map(InstallEvent::step).filter(step -> step != InstallStep.DOWNLOAD).toList();
    }

    @Test
    void theLatestStableReleaseIsInstalledWhenNoneIsNamedAndTheTrialIsDiscarded() {
        InstallOutcome outcome = service(false).install(InstallCommand.latest());

        assertEquals(new InstallOutcome.Installed("6.9.3", Optional.of("6.9.1"), false), outcome);
        assertEquals(Optional.of("binary 6.9.3"), files.binary(ORIGINAL));
        assertEquals(Optional.of("6.9.3"), installed.recordedVersion(ORIGINAL));
        assertEquals(List.of(InstallStep.VERIFIED, InstallStep.STAGED, InstallStep.PROMOTED), steps());
        assertTrue(files.openTrials().isEmpty());
        assertTrue(host.liveProxyPids().isEmpty(), "the trial proxy was stopped");
    }

    @Test
    void thePinIsHonouredAndAMalformedVersionRefused() {
        installed.pin(ORIGINAL, "6.9.2");
        assertEquals("6.9.2", assertInstanceOf(InstallOutcome.Installed.class,
                service(false).install(InstallCommand.latest())).version());
        assertThrows(InvalidInputException.class, () -> InstallCommand.of("6.9"));
        assertEquals(Optional.of("6.9.2"), InstallCommand.of("v6.9.2").version());
    }

    @Test
    void aVersionWhoseTrialFailsIsNotPromoted() {
        host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE, "fatal: bad config");
        InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class,
                service(false).install(InstallCommand.of("6.9.2")));

        assertTrue(failed.error().contains("exited with code 1"), failed.error());
        assertFalse(failed.rolledBack());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
        assertEquals(List.of(InstallStep.VERIFIED, InstallStep.FAILED), steps());
    }

    @Test
    void noDigestNoChecksumsMeansNoInstallAndAHostileArchiveNeither() {
        publish("6.9.4", "binary 6.9.4", false);
        InstallOutcome.Failed unchecked = assertInstanceOf(InstallOutcome.Failed.class,
                service(false).install(InstallCommand.of("6.9.4")));
        assertTrue(unchecked.error().contains("publishes no SHA-256"), unchecked.error());

        byte[] hostile = InMemoryInstallation.hostile();
        files.serve("https://github.test/6.9.5.tar.gz", hostile);
        feed.attach("6.9.5", List.of(new ReleaseAsset(LINUX.assetNames(ORIGINAL, "6.9.5").getFirst(),
                hostile.length, "https://github.test/6.9.5.tar.gz",
                Optional.of(InMemoryInstallation.sha256(hostile)))));
        InstallOutcome.Failed refused = assertInstanceOf(InstallOutcome.Failed.class,
                service(false).install(InstallCommand.of("6.9.5")));
        assertTrue(refused.error().startsWith("Invalid archive"), refused.error());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
    }

    @Test
    void aPromotedVersionThatDoesNotStartIsReplacedByTheOneBeforeAndTheProxyRestarted() {
        InstallProxyService service = service(false);
        assertInstanceOf(StartOutcome.Started.class, start.start());
        // The trial answers; the restart on the real port exits; the restart after the rollback answers.
        host.nextLaunches(LaunchBehaviour.HEALTHY, LaunchBehaviour.EXITS_AT_ONCE, LaunchBehaviour.HEALTHY);

        InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class,
                service.install(InstallCommand.of("6.9.2")));

        assertTrue(failed.rolledBack(), failed.error());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
        assertEquals(Optional.of("6.9.1"), installed.recordedVersion(ORIGINAL));
        assertTrue(status.status().running(), "the version before runs again");
        assertEquals(List.of(InstallStep.VERIFIED, InstallStep.STAGED, InstallStep.PROMOTED,
                InstallStep.ROLLED_BACK, InstallStep.FAILED), steps());
    }

    @Test
    void rollbackPutsThePreviousVersionBackAndOnlyThreeVersionsAreKept() {
        InstallProxyService service = service(false);
        assertThrows(ConflictException.class, service::rollback);
        publish("6.9.4", "binary 6.9.4", true);
        for (String version : List.of("6.9.2", "6.9.3", "6.9.4")) {
            assertInstanceOf(InstallOutcome.Installed.class, service.install(InstallCommand.of(version)));
        }
        assertEquals(3, files.keptVersions(ORIGINAL).size(), files.keptVersions(ORIGINAL).toString());
        assertTrue(files.keptVersions(ORIGINAL).containsAll(List.of("6.9.3", "6.9.4")));

        assertEquals(new InstallOutcome.Installed("6.9.3", Optional.of("6.9.4"), false), service.rollback());
        assertEquals(Optional.of("binary 6.9.3"), files.binary(ORIGINAL));
        assertEquals(InstallStep.PROMOTED, steps().getLast());
    }

    @Test
    void aBinaryNamedExplicitlyIsNotManaged() {
        assertThrows(ConflictException.class, () -> service(true).install(InstallCommand.latest()));
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
    }
}
