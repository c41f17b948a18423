package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.InstallProxyUseCase.InstallCommand;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.InstallKind;
import dev.cliproxy.control.domain.model.InstallOperation;
import dev.cliproxy.control.domain.model.InstallEvent;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.InstallStep;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.port.AssetDownloadPort;
import dev.cliproxy.control.testkit.InMemoryInstallation;
import dev.cliproxy.control.testkit.InMemoryInstalledVersions;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxyHost.LaunchBehaviour;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryReleaseFeed;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
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
        return service(lifecycle, files, new InstallProxyService.Options(Optional.of(LINUX), Optional.empty(),
                binaryNamed, 1_000_000));
    }

    private InstallProxyService service(ProxyLifecycle on, AssetDownloadPort downloads,
                                        InstallProxyService.Options options) {
        InstallProxyService service = new InstallProxyService(on,
                new InstallPorts(feed, installed, downloads, files, files, host, files), status, restart, clock,
                options);
        service.watch(events::add);
        return service;
    }

    private List<InstallEvent> downloads() {
        return events.stream().filter(event -> event.step() == InstallStep.DOWNLOAD).toList();
    }

    private InstallOutcome.Failed failedInstall(InstallProxyService service, String version) {
        return assertInstanceOf(InstallOutcome.Failed.class, service.install(InstallCommand.of(version)));
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
    void aNamedVersionWithKnownBugsIsRefusedBeforeAnythingBeginsUnlessForced() {
        publish("6.6.85-2", "binary 6.6.85-2", true);
        InstallProxyService service = service(false);

        ConflictException refused = assertThrows(ConflictException.class,
                () -> service.install(InstallCommand.of("6.6.85-2")));
        assertEquals(Optional.of(ErrorCode.FAULTY_VERSION), refused.errorCode());
        assertEquals("version 6.6.85-2 has known bugs (6.6.81 to 6.6.88 give intermittent 500 errors); send"
                + " {\"force\":true} to install it anyway", refused.detail().orElseThrow());
        assertEquals(List.of(), events);
        assertEquals(Optional.empty(), service.current());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));

        assertEquals(new InstallOutcome.Installed("6.6.85-2", Optional.of("6.9.1"), false),
                service.install(InstallCommand.of("6.6.85-2").forced()));
        assertEquals(Optional.of("binary 6.6.85-2"), files.binary(ORIGINAL));
        // Its neighbours have no known bugs.
        publish("6.6.89", "binary 6.6.89", true);
        assertInstanceOf(InstallOutcome.Installed.class, service.install(InstallCommand.of("6.6.89")));
    }

    @Test
    void aPinnedOrLatestVersionWithKnownBugsFailsTheOperationUnlessForced() {
        publish("6.6.81", "binary 6.6.81", true);
        // The Plus fork's releases 6.6.81-0 to 6.6.88-0 were its latest for a while.
        feed.publish(List.of(Release.ofTag("v6.6.81", false, Optional.empty()).orElseThrow()));
        InstallProxyService service = service(false);
        InstallOutcome.Failed latest = assertInstanceOf(InstallOutcome.Failed.class,
                service.install(InstallCommand.latest()));
        assertTrue(latest.error().startsWith("version 6.6.81 has known bugs"), latest.error());
        assertEquals(List.of(InstallStep.FAILED), steps());
        assertEquals(Optional.of(latest.error()), events.getLast().reason());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));

        installed.pin(ORIGINAL, "6.6.81");
        assertInstanceOf(InstallOutcome.Failed.class, service.install(InstallCommand.latest()));
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
        assertEquals("6.6.81", assertInstanceOf(InstallOutcome.Installed.class,
                service.install(InstallCommand.latest().forced())).version());
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

    @Test
    void theOperationIsReportedWhileItRunsAndAfterItEnded() {
        InstallProxyService service = service(false);
        assertEquals(Optional.empty(), service.current());
        List<InstallOperation> seen = new ArrayList<>();
        service.watch(event -> seen.add(service.current().orElseThrow()));

        InstallOutcome outcome = service.install(InstallCommand.latest());

        InstallOperation during = seen.getFirst();
        assertTrue(during.running());
        assertEquals(InstallKind.INSTALL, during.kind());
        assertEquals(Optional.of("6.9.3"), during.version());
        InstallOperation after = service.current().orElseThrow();
        assertFalse(after.running());
        assertEquals(Optional.of(outcome), after.outcome());
        assertEquals(Optional.of("6.9.3"), after.version());
        assertEquals(Optional.of(InstallStep.PROMOTED), after.lastStep().map(InstallEvent::step));
        assertTrue(after.finishedAt().isPresent());

        assertInstanceOf(InstallOutcome.Installed.class, service.rollback());
        InstallOperation rollback = service.current().orElseThrow();
        assertEquals(InstallKind.ROLLBACK, rollback.kind());
        assertEquals(Optional.of("6.9.1"), rollback.version());
    }

    @Test
    void aClosedSubscriptionHearsNoMoreSteps() {
        InstallProxyService service = service(false);
        List<InstallEvent> heard = new ArrayList<>();
        service.watch(heard::add).close();

        service.install(InstallCommand.of("6.9.2"));

        assertTrue(heard.isEmpty(), heard.toString());
        assertFalse(steps().isEmpty());
    }

    @Test
    void oneOperationAtATimeAndTheNextMayBeginOnceItEnded() throws Exception {
        InstallProxyService service = service(false);
        AtomicReference<Throwable> concurrent = new AtomicReference<>();
        service.watch(event -> {
            if (event.step() == InstallStep.VERIFIED && concurrent.get() == null) {
                concurrent.set(CompletableFuture.supplyAsync(() -> {
                    try {
                        return service.install(InstallCommand.of("6.9.3"));
                    } catch (ConflictException e) {
                        return e;
                    }
                }).join() instanceof ConflictException e ? e : new AssertionError("not refused"));
            }
        });

        assertInstanceOf(InstallOutcome.Installed.class, service.install(InstallCommand.of("6.9.2")));

        ConflictException refused = assertInstanceOf(ConflictException.class, concurrent.get());
        assertEquals(Optional.of(ErrorCode.INSTALL_IN_PROGRESS), refused.errorCode());
        assertEquals(Optional.of("binary 6.9.2"), files.binary(ORIGINAL));
        // Another thread may begin the next one: the first released its turn.
        assertInstanceOf(InstallOutcome.Installed.class,
                CompletableFuture.supplyAsync(() -> service.install(InstallCommand.of("6.9.3"))).get());
        assertEquals(Optional.of("binary 6.9.3"), files.binary(ORIGINAL));
    }

    @Test
    void anInstallOfAnotherProcessOnTheDirectoryRefusesOursUntilItEndsAndOursReleasesItsTurnWhateverHappens() {
        InstallProxyService ours = service(false);
        InstallProxyService theirs = service(false);
        AtomicReference<ConflictException> refused = new AtomicReference<>();
        theirs.watch(event -> {
            if (event.step() == InstallStep.STAGED && refused.get() == null) {
                refused.set(assertThrows(ConflictException.class, () -> ours.install(InstallCommand.of("6.9.3"))));
            }
        });

        assertInstanceOf(InstallOutcome.Installed.class, theirs.install(InstallCommand.of("6.9.2")));

        ConflictException conflict = refused.get();
        assertEquals(Optional.of(ErrorCode.INSTALL_IN_PROGRESS), conflict.errorCode());
        assertTrue(conflict.detail().orElseThrow().contains("another control server"), conflict.getMessage());
        assertEquals(Optional.empty(), ours.current(), "the refused one never began");
        assertFalse(files.isReserved());
        // A failed operation releases it too, and a rollback takes its turn the same way.
        assertInstanceOf(InstallOutcome.Failed.class, ours.install(InstallCommand.of("9.9.9")));
        assertFalse(files.isReserved());
        assertInstanceOf(InstallOutcome.Installed.class, ours.rollback());
        assertFalse(files.isReserved());
    }

    @Test
    void withoutADigestTheArchiveLineOfChecksumsTxtIsTheExpectedHash() {
        byte[] archive = InMemoryInstallation.archiveHolding("binary 6.9.4");
        String name = LINUX.assetNames(ORIGINAL, "6.9.4").getFirst();
        String url = "https://github.test/6.9.4.tar.gz";
        files.serve(url, archive);
        files.serve("https://github.test/checksums.txt", ("0".repeat(64) + "  other.tar.gz\n"
                + InMemoryInstallation.sha256(archive) + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
        files.serve("https://github.test/other.tar.gz", InMemoryInstallation.archiveHolding("other"));
        // Another archive comes first: the archive is found by its name, the list by its own.
        feed.attach("6.9.4", List.of(
                new ReleaseAsset("other.tar.gz", 100, "https://github.test/other.tar.gz", Optional.empty()),
                new ReleaseAsset("checksums.txt", 100, "https://github.test/checksums.txt", Optional.empty()),
                new ReleaseAsset(name, archive.length, url, Optional.empty())));

        assertEquals(new InstallOutcome.Installed("6.9.4", Optional.of("6.9.1"), false),
                service(false).install(InstallCommand.of("6.9.4")));
        assertEquals(Optional.of("binary 6.9.4"), files.binary(ORIGINAL));
    }

    @Test
    void anArchiveNotMatchingItsPublishedHashIsNotInstalled() {
        byte[] archive = InMemoryInstallation.archiveHolding("binary 6.9.4");
        files.serve("https://github.test/6.9.4.tar.gz", archive);
        feed.attach("6.9.4", List.of(new ReleaseAsset(LINUX.assetNames(ORIGINAL, "6.9.4").getFirst(),
                archive.length, "https://github.test/6.9.4.tar.gz", Optional.of("ab".repeat(32)))));

        InstallOutcome.Failed failed = failedInstall(service(false), "6.9.4");

        assertTrue(failed.error().contains("does not match its published SHA-256"), failed.error());
        assertEquals(List.of(InstallStep.FAILED), steps());
        assertEquals(Optional.of("6.9.4"), events.getLast().version());
        assertEquals(Optional.of(failed.error()), events.getLast().reason());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
    }

    @Test
    void noBuildForThisPlatformOrNoArchiveForItMeansNoInstall() {
        InstallOutcome.Failed noPlatform = failedInstall(service(lifecycle, files,
                new InstallProxyService.Options(Optional.empty(), Optional.empty(), false, 1_000_000)), "6.9.2");
        assertTrue(noPlatform.error().contains("publishes no build for this operating system"), noPlatform.error());

        InstallOutcome.Failed noArchive = failedInstall(service(lifecycle, files,
                new InstallProxyService.Options(Optional.of(new Platform("freebsd", "riscv64")), Optional.empty(),
                        false, 1_000_000)), "6.9.2");
        assertTrue(noArchive.error().contains("has no archive for freebsd/riscv64"), noArchive.error());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
        assertThrows(IllegalArgumentException.class,
                () -> new InstallProxyService.Options(Optional.of(LINUX), Optional.empty(), false, 0));
    }

    @Test
    void aMalformedPinIsIgnoredForTheLatestRelease() {
        installed.pin(ORIGINAL, "latest-please");
        assertEquals("6.9.3", assertInstanceOf(InstallOutcome.Installed.class,
                service(false).install(InstallCommand.latest())).version());
    }

    @Test
    void aSmallDownloadIsToldOnceWithItsBytesAndTotal() {
        service(false).install(InstallCommand.of("6.9.2"));

        long size = InMemoryInstallation.archiveHolding("binary 6.9.2").length;
        assertEquals(List.of(OptionalLong.of(size)), downloads().stream().map(InstallEvent::bytes).toList());
        assertEquals(OptionalLong.of(size), downloads().getFirst().total());
        assertEquals(Optional.of("6.9.2"), downloads().getFirst().version());
    }

    @Test
    void downloadProgressIsToldEveryMebibyteAndAtTheEnd() {
        long mib = 1024 * 1024;
        AssetDownloadPort stepwise = new AssetDownloadPort() {
            @Override
            public String download(String url, Path target, long maxBytes, Progress progress) {
                String sha = files.download(url, target, maxBytes, (bytes, total) -> { });
                // Told at the first buffer, then one mebibyte on exactly, then at the end.
                for (long bytes : List.of(100L, mib, mib + 100, 2 * mib, 2 * mib + 100, 2 * mib + 500)) {
                    progress.received(bytes, bytes < mib ? -1 : 0);
                }
                return sha;
            }

            @Override
            public String text(String url, long maxBytes) {
                return files.text(url, maxBytes);
            }
        };

        service(lifecycle, stepwise, new InstallProxyService.Options(Optional.of(LINUX), Optional.empty(), false,
                1_000_000)).install(InstallCommand.of("6.9.2"));

        assertEquals(List.of(OptionalLong.of(100), OptionalLong.of(mib + 100), OptionalLong.of(2 * mib + 100),
                OptionalLong.of(2 * mib + 500)), downloads().stream().map(InstallEvent::bytes).toList());
        assertEquals(OptionalLong.empty(), downloads().getFirst().total(), "a negative total is unknown");
        assertEquals(OptionalLong.of(0), downloads().getLast().total());
        assertTrue(downloads().stream().allMatch(event -> event.operation() == InstallKind.INSTALL));
    }

    @Test
    void theTrialOutputMasksTheKeysOfTheCopiedConfig() {
        settings.apiKeys(List.of("sk-live-123")).managementSecret("mgmt-secret-9")
                .clientKeys(new ClientKeys("client-key-7", "client-secret-8"));
        host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE,
                "fatal: keys sk-live-123 mgmt-secret-9 client-key-7 client-secret-8 rejected");

        String error = failedInstall(service(false), "6.9.2").error();

        assertTrue(error.contains("its last output:\nfatal: keys *** *** *** *** rejected"), error);
    }

    @Test
    void aTrialThatPrintsNothingSaysSo() {
        host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE, "");

        String error = failedInstall(service(false), "6.9.2").error();

        assertTrue(error.endsWith("before it answered; it wrote no output"), error);
    }

    @Test
    void aTrialIsReadyOnlyWhenItAnswersAsTheProxyAndServesModels() {
        host.modelsUnavailable(true);
        String noModels = failedInstall(service(false), "6.9.2").error();
        assertTrue(noModels.contains("it answered but /v1/models did not"), noModels);
        host.modelsUnavailable(false);

        host.nextLaunch(LaunchBehaviour.LOSES_THE_PORT);
        String taken = failedInstall(service(false), "6.9.2").error();
        assertTrue(taken.contains("another program answered on the spare port"), taken);

        host.nextLaunch(LaunchBehaviour.NEVER_HEALTHY);
        ProxyLifecycle impatient = new ProxyLifecycle(new CcsLayout(Path.of("/memory/ccs")), ports,
                new ProxyTimings(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10),
                        Duration.ofMillis(1), Duration.ofMillis(10)));
        String silent = failedInstall(service(impatient, files, new InstallProxyService.Options(Optional.of(LINUX),
                Optional.empty(), false, 1_000_000)), "6.9.2").error();
        assertTrue(silent.contains("it did not answer as CLIProxyAPI within 50 ms"), silent);
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
    }

    @Test
    void aRunningProxyIsRestartedOnThePromotedVersion() {
        InstallProxyService service = service(false);
        assertInstanceOf(StartOutcome.Started.class, start.start());

        assertEquals(new InstallOutcome.Installed("6.9.2", Optional.of("6.9.1"), true),
                service.install(InstallCommand.of("6.9.2")));
        assertTrue(status.status().running());
    }

    @Test
    void whenTheVersionPutBackDoesNotComeUpEitherTheAnswerSaysSo() {
        InstallProxyService service = service(false);
        assertInstanceOf(StartOutcome.Started.class, start.start());
        host.nextLaunches(LaunchBehaviour.HEALTHY, LaunchBehaviour.EXITS_AT_ONCE, LaunchBehaviour.EXITS_AT_ONCE);

        InstallOutcome.Failed failed = failedInstall(service, "6.9.2");

        assertTrue(failed.rolledBack());
        assertTrue(failed.error().contains("6.9.1 was put back but did not come up either ("), failed.error());
        assertEquals(Optional.of("binary 6.9.1"), files.binary(ORIGINAL));
    }
}
