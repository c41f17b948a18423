package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.StartOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A control server killed (SIGKILL) at any step of an upgrade leaves a whole, executable binary, old or new, with a
 * {@code .version} naming one of the two, and a proxy that starts from it.
 */
class InstallCrashTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"download", "verified", "staged", "promoted"})
    void aKillAtAnyStepLeavesAProxyThatStarts(String step) throws Exception {
        StandInFixture fixture = new StandInFixture(temp).config();
        try (ReleaseFeedStub feed = new ReleaseFeedStub()) {
            Path binary = fixture.layout.defaultBinary(Backend.ORIGINAL);
            Files.createDirectories(binary.getParent());
            Files.writeString(binary, InstallTest.launcher(InstallTest.OLD));
            binary.toFile().setExecutable(true);
            Files.writeString(binary.resolveSibling(".version"), InstallTest.OLD);
            feed.publish(InstallTest.NEW, ReleaseFeedStub.release(InstallTest.launcher(InstallTest.NEW)));
            // Slow enough that the kill at the first progress event lands mid-download.
            feed.serving(step.equals("download") ? ReleaseFeedStub.Serving.SLOW : ReleaseFeedStub.Serving.WHOLE);

            Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    InstallProcessMain.class.getName(), fixture.layout.ccsDirectory().toString(),
                    feed.uri().toString(), InstallTest.NEW)
                    .redirectError(temp.resolve("jvm.err").toFile())
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("step " + step)) {
                    assertTrue(!line.equals("done"), "the install ended before step " + step);
                }
                assertTrue(line != null, "the control JVM never reached step " + step);
            } finally {
                jvm.destroyForcibly();
                jvm.waitFor(30, TimeUnit.SECONDS);
            }

            String content = Files.readString(binary);
            assertTrue(Set.of(InstallTest.launcher(InstallTest.OLD), InstallTest.launcher(InstallTest.NEW))
                    .contains(content), "the binary is one whole version");
            assertTrue(Files.isExecutable(binary));
            assertTrue(List.of(InstallTest.OLD, InstallTest.NEW)
                    .contains(Files.readString(binary.resolveSibling(".version")).strip()));
            try (CliProxyControl control = CliProxyControl.builder()
                    .ccsDirectory(fixture.layout.ccsDirectory()).startupTimeout(StandInFixture.WAIT).build()) {
                StartOutcome started = control.proxy().start();
                fixture.remember(assertInstanceOf(StartOutcome.Started.class, started, started.toString()).pid());
                control.proxy().stop();
            }
        } finally {
            fixture.cleanUp();
        }
    }
}
