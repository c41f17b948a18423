package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.InstallEvent;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.InstallStep;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.Archives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs and rollbacks against a loopback release feed serving real {@code .tar.gz} and {@code .zip} archives of
 * the stand-in proxy: the binary the proxy runs changes only after a verified, staged and tried version, and always
 * back to a working one.
 */
class InstallTest {

    static final String OLD = "6.9.1";
    static final String NEW = "6.9.2";

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private ReleaseFeedStub feed;
    private Path binary;
    private final List<InstallEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        fixture = new StandInFixture(temp).config();
        feed = new ReleaseFeedStub();
        binary = installOld(fixture);
    }

    /** Release {@link #OLD} of the stand-in as the backend's binary, as an earlier install left it; its path. */
    static Path installOld(StandInFixture fixture) throws IOException {
        Path binary = fixture.layout.defaultBinary(Backend.ORIGINAL);
        Files.createDirectories(binary.getParent());
        Files.writeString(binary, launcher(OLD));
        binary.toFile().setExecutable(true);
        Files.writeString(binary.resolveSibling(".version"), OLD + "\n");
        return binary;
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.cleanUp();
        feed.close();
    }

    /** The stand-in's launcher, marked with a release so that two versions differ. */
    static String launcher(String version) {
        return StandInLauncher.script().replaceFirst("\n", "\n# release " + version + "\n");
    }

    private CliProxyControl control(Duration startupTimeout) {
        CliProxyControl control = fixture.track(CliProxyControl.builder().ccsDirectory(fixture.layout.ccsDirectory())
                .environment(Map.of()).upstream(Upstream.GITHUB, feed.uri()).startupTimeout(startupTimeout)
                .build());
        control.updates().onInstallStep(events::add);
        return control;
    }

    private List<InstallStep> steps() {
        return events.stream().map(InstallEvent::step).filter(step -> step != InstallStep.DOWNLOAD).toList();
    }

    private void assertOldBinaryInPlace() throws IOException {
        assertEquals(launcher(OLD), Files.readString(binary));
        assertEquals(OLD, Files.readString(binary.resolveSibling(".version")).strip());
        assertTrue(Files.isExecutable(binary));
    }

    private List<String> versionsFolder() throws IOException {
        Path versions = binary.resolveSibling("versions");
        if (!Files.isDirectory(versions)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(versions)) {
            return children.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anUpgradeWhileTheProxyRunsIsVerifiedTriedPromotedAndRestartedWithItsSessions() throws Exception {
        feed.publish(NEW, ReleaseFeedStub.release(launcher(NEW)));
        CliProxyControl control = control(StandInFixture.WAIT);
        StartOutcome.Started started = assertInstanceOf(StartOutcome.Started.class, control.proxy().start());
        fixture.remember(started.pid());
        String session = control.sessions().open().id();

        long begun = System.nanoTime();
        InstallOutcome outcome = control.updates().install(Optional.empty());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
        System.out.println("install request to promoted and restarted: " + millis + " ms");

        assertEquals(new InstallOutcome.Installed(NEW, Optional.of(OLD), true), outcome);
        assertEquals(launcher(NEW), Files.readString(binary));
        assertEquals(NEW, Files.readString(binary.resolveSibling(".version")).strip());
        assertEquals(List.of(InstallStep.VERIFIED, InstallStep.STAGED, InstallStep.PROMOTED), steps());
        assertTrue(events.getFirst().step() == InstallStep.DOWNLOAD && events.getFirst().total().isPresent());
        assertEquals(List.of(OLD, NEW), versionsFolder());
        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
        fixture.remember(running.pid().getAsLong());
        assertNotEquals(started.pid(), running.pid().getAsLong(), "the proxy runs the new binary");
        assertTrue(fixture.recordedPid().isPresent());
        assertTrue(Files.readString(fixture.layout.sessionsFile(fixture.port)).contains(session),
                "the session opened before the upgrade is kept");
        assertTrue(control.updates().installStatus().orElseThrow().outcome().isPresent());

        InstallOutcome back = control.updates().rollback();
        assertEquals(new InstallOutcome.Installed(OLD, Optional.of(NEW), true), back);
        assertOldBinaryInPlace();
        fixture.recordedPid();
    }

    @Test
    void theLastThreeVersionsAreKeptAndNothingElseOfTheInstalls() throws Exception {
        CliProxyControl control = control(StandInFixture.WAIT);
        for (String version : List.of(NEW, "6.9.3", "6.9.4", "6.9.5")) {
            feed.publish(version, ReleaseFeedStub.release(launcher(version)));
            assertInstanceOf(InstallOutcome.Installed.class, control.updates().install(Optional.of(version)));
        }

        assertEquals(List.of("6.9.3", "6.9.4", "6.9.5"), versionsFolder(), "the current, the previous, one more");
        assertEquals(launcher("6.9.5"), Files.readString(binary));
        try (Stream<Path> beside = Files.list(binary.getParent())) {
            assertEquals(List.of(".version", ".version-previous", Backend.ORIGINAL.binaryName(), "versions"),
                    beside.map(path -> path.getFileName().toString()).sorted().toList(), "no leftover");
        }
        assertEquals(new InstallOutcome.Installed("6.9.4", Optional.of("6.9.5"), false), control.updates().rollback());
        assertEquals(launcher("6.9.4"), Files.readString(binary));
    }

    @Test
    void theTrialRunsOnASparePortWithAPrivateConfigAndAnEmptyAuthDirectoryThenIsDeleted() throws Exception {
        Path token = fixture.layout.authDirectory().resolve("codex-user@example.com.json");
        Files.createDirectories(token.getParent());
        Files.writeString(token, "{\"type\":\"codex\",\"refresh_token\":\"rt-real-secret\"}");
        Path seen = temp.resolve("trial-seen.txt");
        // Notes what the trial run (any config but the real one) is given, then runs as the stand-in does.
        String noting = launcher(NEW).replace("\nexec ", "\ncase \"$2\" in */cliproxy/config*) ;; *) {"
                + " echo \"config $2\"; echo \"writable $WRITABLE_PATH\"; grep -E '^(port|host|auth-dir):' \"$2\";"
                + " echo \"auth $(ls -A \"$(sed -n 's/^auth-dir: *//p' \"$2\")\" | wc -l)\"; } > '" + seen + "';; esac"
                + "\nexec ");
        feed.publish(NEW, ReleaseFeedStub.release(noting));

        assertInstanceOf(InstallOutcome.Installed.class,
                control(StandInFixture.WAIT).updates().install(Optional.of(NEW)));

        List<String> lines = Files.readAllLines(seen);
        Path config = Path.of(lines.get(0).substring("config ".length()));
        Path writable = Path.of(lines.get(1).substring("writable ".length()));
        assertFalse(config.startsWith(fixture.layout.ccsDirectory()), "a copy outside the CCS directory: " + lines);
        assertEquals(config.getParent(), writable, "it writes in its own folder: " + lines);
        int port = Integer.parseInt(lines.stream().filter(l -> l.startsWith("port:")).findFirst().orElseThrow()
                .substring("port:".length()).strip());
        assertNotEquals(fixture.port, port, "a spare port");
        assertTrue(lines.contains("host: 127.0.0.1"), lines.toString());
        assertTrue(lines.contains("auth 0"), "an empty auth directory: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.equals("auth-dir: " + writable.resolve("auth"))), lines.toString());
        assertFalse(Files.exists(writable), "the trial's folder is deleted after");
        assertEquals("{\"type\":\"codex\",\"refresh_token\":\"rt-real-secret\"}", Files.readString(token));
    }

    @Test
    void aWrongChecksumInstallsNothing() throws Exception {
        byte[] archive = ReleaseFeedStub.release(launcher(NEW));
        feed.publish(NEW, archive, "sha256:" + "0".repeat(64), null);
        InstallOutcome outcome = control(StandInFixture.WAIT).updates().install(Optional.of(NEW));

        InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, outcome);
        assertTrue(failed.error().contains("does not match its published SHA-256"), failed.error());
        assertFalse(failed.rolledBack());
        assertOldBinaryInPlace();
        assertEquals(List.of(), versionsFolder());
        assertEquals(List.of(InstallStep.FAILED), steps());
    }

    @Test
    void theChecksumsFileIsUsedWithoutADigestAndNoChecksumMeansNoInstall() throws Exception {
        byte[] archive = ReleaseFeedStub.release(launcher(NEW));
        feed.publish(NEW, archive, null, "deadbeef  other.tar.gz\n");
        CliProxyControl control = control(StandInFixture.WAIT);
        InstallOutcome.Failed none = assertInstanceOf(InstallOutcome.Failed.class,
                control.updates().install(Optional.of(NEW)));
        assertTrue(none.error().contains("publishes no SHA-256"), none.error());
        assertOldBinaryInPlace();

        feed.publish(NEW, archive, null, ReleaseFeedStub.sha256(archive) + "  "
                + ReleaseFeedStub.assetName(NEW) + "\n");
        assertEquals(new InstallOutcome.Installed(NEW, Optional.of(OLD), false),
                control.updates().install(Optional.of(NEW)));
        assertEquals(launcher(NEW), Files.readString(binary));
    }

    @Test
    void aVersionThatNeverBecomesReadyOnTheSparePortIsNotPromoted() throws Exception {
        feed.publish(NEW, ReleaseFeedStub.release("#!/bin/sh\n# release " + NEW + "\nexec sleep 600\n"));
        InstallOutcome outcome = control(Duration.ofSeconds(2)).updates().install(Optional.of(NEW));

        InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, outcome);
        assertTrue(failed.error().contains("did not come up on a spare port"), failed.error());
        assertOldBinaryInPlace();
    }

    @Test
    void aPromotedVersionThatDoesNotComeUpIsRolledBackAndTheOldOneRestarted() throws Exception {
        // It answers on the spare port with the trial's config, but refuses the real one.
        String picky = launcher(NEW).replace("\nexec ",
                "\ncase \"$2\" in */cliproxy/config*) echo 'refusing the real config'; exit 3;; esac\nexec ");
        feed.publish(NEW, ReleaseFeedStub.release(picky));
        CliProxyControl control = control(StandInFixture.WAIT);
        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());

        InstallOutcome outcome = control.updates().install(Optional.of(NEW));

        InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, outcome);
        assertTrue(failed.rolledBack(), failed.error());
        assertTrue(failed.error().contains("put back and restarted"), failed.error());
        assertOldBinaryInPlace();
        assertEquals(List.of(InstallStep.VERIFIED, InstallStep.STAGED, InstallStep.PROMOTED,
                InstallStep.ROLLED_BACK, InstallStep.FAILED), steps());
        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
        fixture.remember(running.pid().getAsLong());
    }

    @Test
    void archivesThatEscapeTheStagingFolderAreRefused() throws Exception {
        Path outside = temp.resolve("ccs/cliproxy/bin/escaped");
        CliProxyControl control = control(StandInFixture.WAIT);
        for (List<Archives.Entry> entries : List.of(
                List.of(Archives.Entry.file("../../escaped", "x"),
                        Archives.Entry.file(Backend.ORIGINAL.binaryName(), launcher(NEW))),
                List.of(Archives.Entry.symlink(Backend.ORIGINAL.binaryName(), "/bin/sh")))) {
            feed.publish(NEW, Archives.tarGz(entries));
            InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class,
                    control.updates().install(Optional.of(NEW)));
            assertTrue(failed.error().startsWith("Invalid archive"), failed.error());
            assertFalse(Files.exists(outside));
            assertOldBinaryInPlace();
        }
    }

    @Test
    void aZipIsInstalledWhenItIsTheOnlyArchiveForThisPlatformAndTheTarGzIsPreferredOtherwise() throws Exception {
        String zipOnly = "6.9.3";
        feed.publish(zipOnly, List.of(ReleaseFeedStub.Asset.of(ReleaseFeedStub.zipName(zipOnly),
                ReleaseFeedStub.releaseZip(launcher(zipOnly)))), null);
        CliProxyControl control = control(StandInFixture.WAIT);
        fixture.remember(assertInstanceOf(StartOutcome.Started.class, control.proxy().start()).pid());

        assertEquals(new InstallOutcome.Installed(zipOnly, Optional.of(OLD), true),
                control.updates().install(Optional.of(zipOnly)));
        assertEquals(launcher(zipOnly), Files.readString(binary));
        assertTrue(Files.isExecutable(binary), "a zip carries no file mode: the binary is made executable");
        assertEquals(List.of(InstallStep.VERIFIED, InstallStep.STAGED, InstallStep.PROMOTED), steps());
        fixture.remember(assertInstanceOf(ProxyStatus.Running.class, control.proxy().status()).pid().getAsLong());

        // Both kinds: the one published for this system is taken (the zip here would not even start).
        feed.publish("6.9.4", List.of(
                ReleaseFeedStub.Asset.of(ReleaseFeedStub.zipName("6.9.4"), ReleaseFeedStub.releaseZip("broken")),
                ReleaseFeedStub.Asset.of(ReleaseFeedStub.assetName("6.9.4"),
                        ReleaseFeedStub.release(launcher("6.9.4")))), null);
        assertEquals(new InstallOutcome.Installed("6.9.4", Optional.of(zipOnly), true),
                control.updates().install(Optional.of("6.9.4")));
        assertEquals(launcher("6.9.4"), Files.readString(binary));
        fixture.remember(assertInstanceOf(ProxyStatus.Running.class, control.proxy().status()).pid().getAsLong());
    }

    @Test
    void zipsThatEscapeTheStagingFolderOrHoldALinkAreRefused() throws Exception {
        Path outside = temp.resolve("ccs/cliproxy/bin/escaped");
        CliProxyControl control = control(StandInFixture.WAIT);
        for (List<Archives.Entry> entries : List.of(
                List.of(Archives.Entry.file("../../escaped", "x"),
                        Archives.Entry.file(Backend.ORIGINAL.binaryName(), launcher(NEW))),
                List.of(Archives.Entry.file(Backend.ORIGINAL.binaryName(), launcher(NEW)),
                        Archives.Entry.symlink("LICENSE", "/etc/passwd")),
                List.of(Archives.Entry.symlink(Backend.ORIGINAL.binaryName(), "/bin/sh")))) {
            feed.publish(NEW, List.of(ReleaseFeedStub.Asset.of(ReleaseFeedStub.zipName(NEW),
                    Archives.zip(entries))), null);
            InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class,
                    control.updates().install(Optional.of(NEW)));
            assertTrue(failed.error().startsWith("Invalid archive"), failed.error());
            assertFalse(Files.exists(outside));
            assertOldBinaryInPlace();
            assertTrue(versionsFolder().stream().noneMatch(name -> name.equals(NEW)), versionsFolder().toString());
        }
    }

    @Test
    void aDownloadCutMidwayInstallsNothingAndLeavesNothing() throws Exception {
        feed.publish(NEW, ReleaseFeedStub.release(launcher(NEW)));
        feed.serving(ReleaseFeedStub.Serving.CUT_HALFWAY);
        InstallOutcome outcome = control(StandInFixture.WAIT).updates().install(Optional.of(NEW));

        InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, outcome);
        assertTrue(failed.error().startsWith("Download failed"), failed.error());
        assertOldBinaryInPlace();
        assertTrue(versionsFolder().stream().noneMatch(name -> name.equals(NEW)), versionsFolder().toString());
    }

    @Test
    void oneOperationAtATimeAndBadVersionsAreRefused() throws Exception {
        feed.publish(NEW, ReleaseFeedStub.release(launcher(NEW)));
        feed.serving(ReleaseFeedStub.Serving.SLOW);
        CliProxyControl control = control(StandInFixture.WAIT);
        assertThrows(InvalidInputException.class, () -> control.updates().install(Optional.of("latest")));
        assertThrows(ConflictException.class, control.updates()::rollback, "nothing to roll back to yet");

        CompletableFuture<InstallOutcome> first = CompletableFuture.supplyAsync(
                () -> control.updates().install(Optional.of(NEW)));
        dev.cliproxy.control.testkit.Await.until(() -> !events.isEmpty(), "the first install to begin");
        assertThrows(ConflictException.class, () -> control.updates().install(Optional.of(NEW)));
        assertTrue(control.updates().installStatus().orElseThrow().running());
        feed.serving(ReleaseFeedStub.Serving.WHOLE);
        assertInstanceOf(InstallOutcome.Installed.class, first.get(120, TimeUnit.SECONDS));
    }

    @Test
    void thePinnedVersionIsInstalledWhenNoneIsNamed() throws Exception {
        feed.publish(NEW, ReleaseFeedStub.release(launcher(NEW)));
        feed.publish("6.9.3", ReleaseFeedStub.release(launcher("6.9.3")));
        Files.writeString(binary.resolveSibling(".version-pin"), NEW + "\n");

        assertEquals(new InstallOutcome.Installed(NEW, Optional.of(OLD), false),
                control(StandInFixture.WAIT).updates().install(Optional.empty()));
    }

}
