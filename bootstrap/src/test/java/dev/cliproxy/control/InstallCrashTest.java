package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.Upstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A control server killed (SIGKILL) at any step of an upgrade leaves a whole, executable binary, old or new, with a
 * {@code .version} naming one of the two, and a proxy that starts from it; its install lock ends with it.
 */
class InstallCrashTest {

    /** Answers on the trial's spare port, refuses the real config: promoted, then put back. */
    private static final String PICKY = InstallTest.launcher(InstallTest.NEW).replace("\nexec ",
            "\ncase \"$2\" in */cliproxy/config*) echo 'refusing the real config'; exit 3;; esac\nexec ");

    @TempDir
    Path temp;

    /**
     * {@code running}: the proxy runs during the upgrade, so that a promote restarts it; {@code picky}: the new
     * version does not come up with the real config, so that the old one is put back and restarted.
     */
    @ParameterizedTest(name = "killed at {0}, proxy running: {1}, new version refuses the real config: {2}")
    @CsvSource({"download, false, false", "verified, false, false", "staged, false, false",
            "promoted, false, false", "promoted, true, false", "rolled-back, true, true"})
    void aKillAtAnyStepLeavesAProxyThatStarts(String step, boolean running, boolean picky) throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try (ReleaseFeedStub feed = new ReleaseFeedStub()) {
            Path binary = InstallTest.installOld(fixture);
            String next = picky ? PICKY : InstallTest.launcher(InstallTest.NEW);
            feed.publish(InstallTest.NEW, ReleaseFeedStub.release(next));
            // Held half-way until the kill, so that it lands mid-download.
            feed.serving(step.equals("download") ? ReleaseFeedStub.Serving.HELD : ReleaseFeedStub.Serving.WHOLE);
            if (running) {
                try (CliProxyControl starter = control(fixture, feed)) {
                    fixture.remember(assertInstanceOf(StartOutcome.Started.class, starter.proxy().start()).pid());
                }
            }

            Process jvm = installInAnotherJvm(fixture, feed);
            try {
                awaitStep(jvm, step);
            } finally {
                jvm.destroyForcibly();
                jvm.waitFor(30, TimeUnit.SECONDS);
            }
            fixture.recordedPid();

            String content = Files.readString(binary);
            assertTrue(Set.of(InstallTest.launcher(InstallTest.OLD), next).contains(content),
                    "the binary is one whole version");
            assertTrue(!picky || content.equals(InstallTest.launcher(InstallTest.OLD)), "the put-back one");
            assertTrue(Files.isExecutable(binary));
            assertTrue(List.of(InstallTest.OLD, InstallTest.NEW)
                    .contains(Files.readString(binary.resolveSibling(".version")).strip()));
            try (CliProxyControl control = control(fixture, feed)) {
                // The killed server may have had the proxy started again already.
                StartOutcome started = control.proxy().start();
                assertTrue(started instanceof StartOutcome.Started || started instanceof StartOutcome.AlreadyRunning,
                        started.toString());
                assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
                fixture.recordedPid();
                control.proxy().stop();
            }
        } finally {
            fixture.proxyProcesses().forEach(proxy -> fixture.remember(proxy.pid()));
            fixture.cleanUp();
        }
    }

    @Test
    void anInstallInAnotherControlServerRefusesOursAndItsKillReleasesTheLock() throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try (ReleaseFeedStub feed = new ReleaseFeedStub()) {
            Path binary = InstallTest.installOld(fixture);
            feed.publish(InstallTest.NEW, ReleaseFeedStub.release(InstallTest.launcher(InstallTest.NEW)));
            feed.serving(ReleaseFeedStub.Serving.HELD);
            try (CliProxyControl control = control(fixture, feed)) {
                Process jvm = installInAnotherJvm(fixture, feed);
                try {
                    awaitStep(jvm, "download");
                    ConflictException refused = assertThrows(ConflictException.class,
                            () -> control.updates().install(Optional.of(InstallTest.NEW)));
                    assertEquals(Optional.of(ErrorCode.INSTALL_IN_PROGRESS), refused.errorCode());
                } finally {
                    jvm.destroyForcibly();
                    assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
                }
                feed.letHeldGo();
                assertEquals(new InstallOutcome.Installed(InstallTest.NEW, Optional.of(InstallTest.OLD), false),
                        control.updates().install(Optional.of(InstallTest.NEW)), "the killed holder's lock is gone");
                assertEquals(InstallTest.launcher(InstallTest.NEW), Files.readString(binary));
            }
        } finally {
            fixture.cleanUp();
        }
    }

    private static CliProxyControl control(StandInFixture fixture, ReleaseFeedStub feed) {
        return CliProxyControl.builder().ccsDirectory(fixture.layout.ccsDirectory()).environment(Map.of())
                .upstream(Upstream.GITHUB, feed.uri()).startupTimeout(StandInFixture.WAIT).build();
    }

    /** {@link InstallProcessMain} installing {@link InstallTest#NEW} in its own JVM. */
    private Process installInAnotherJvm(StandInFixture fixture, ReleaseFeedStub feed) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                InstallProcessMain.class.getName(), fixture.layout.ccsDirectory().toString(),
                feed.uri().toString(), InstallTest.NEW)
                .redirectError(temp.resolve("jvm.err").toFile())
                .start();
    }

    /** Reads the JVM's output until it tells {@code step}. */
    private static void awaitStep(Process jvm, String step) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("step " + step)) {
            assertTrue(!line.equals("done"), "the install ended before step " + step);
        }
        assertTrue(line != null, "the control JVM never reached step " + step);
    }
}
