package dev.cliproxy.control.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.port.ProxyProcessPort.Launch;
import dev.cliproxy.control.domain.port.ProxyProcessPort.Termination;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsProxyProcessAdapterTest {

    @TempDir
    Path temp;
    private Process sleeper;

    @AfterEach
    void tearDown() throws Exception {
        if (sleeper != null) {
            sleeper.destroyForcibly();
            sleeper.waitFor();
        }
    }

    @Test
    void findDescribesALiveProcessWithItsArguments() throws Exception {
        sleeper = new ProcessBuilder("sleep", "120").start();
        ProcessInfo info = new OsProxyProcessAdapter(layout()).find(sleeper.pid()).orElseThrow();
        assertEquals(sleeper.pid(), info.pid());
        assertTrue(info.startInstant().isPresent());
        assertTrue(info.command().orElseThrow().endsWith("sleep"));
        assertEquals(List.of("120"), info.arguments());
    }

    @Test
    void aSettledProcessIsDescribedFromMemoryOnlyWhileItLives() throws Exception {
        sleeper = new ProcessBuilder("sleep", "120").start();
        Instant settled = sleeper.info().startInstant().orElseThrow().plus(OsProxyProcessAdapter.SETTLED);
        while (Instant.now().isBefore(settled.plusMillis(100))) {
            Thread.sleep(50);
        }
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout());
        ProcessInfo first = adapter.find(sleeper.pid()).orElseThrow();

        assertEquals(first, adapter.find(sleeper.pid()).orElseThrow());
        sleeper.destroyForcibly();
        sleeper.waitFor();
        assertEquals(Optional.empty(), adapter.find(sleeper.pid()));
    }

    @Test
    void terminateRefusesAProcessWhoseStartInstantDiffers() throws Exception {
        sleeper = new ProcessBuilder("sleep", "120").start();
        ProcessInfo impostor = new ProcessInfo(sleeper.pid(), Optional.of(Instant.EPOCH), Optional.empty(), List.of());

        assertEquals(Termination.NOT_RUNNING,
                new OsProxyProcessAdapter(layout()).terminate(impostor, Duration.ofSeconds(1)));
        assertTrue(sleeper.isAlive());
    }

    @Test
    void terminateSendsSigtermAndReturnsOnceTheProcessHasExited() throws Exception {
        sleeper = new ProcessBuilder("sleep", "120").start();
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout());
        ProcessInfo info = adapter.find(sleeper.pid()).orElseThrow();

        assertEquals(Termination.EXITED, adapter.terminate(info, Duration.ofSeconds(20)));
        // The adapter sees the exit through the OS; this JVM's own Process object learns of it only when its reaper
        // thread has waited for the child, a moment later under load.
        assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS), "the process exited");
        assertEquals(Termination.NOT_RUNNING, adapter.terminate(info, Duration.ofSeconds(1)));
    }

    @Test
    void aMissingBinaryIsNotLaunchedAndThePathAndBackendAreNamed() throws Exception {
        Path missing = temp.resolve("bin/plus/cli-proxy-api-plus");
        Launch.NotLaunched result = assertInstanceOf(Launch.NotLaunched.class,
                new OsProxyProcessAdapter(layout()).launch(missing, Backend.PLUS, 8317));
        assertTrue(result.reason().startsWith("CLIProxy Plus binary not found at " + missing), result.reason());
    }

    @Test
    void aNonExecutableBinaryIsNotLaunched() throws Exception {
        Path plain = Files.writeString(temp.resolve("cli-proxy-api"), "not a program");
        Launch.NotLaunched result = assertInstanceOf(Launch.NotLaunched.class,
                new OsProxyProcessAdapter(layout()).launch(plain, Backend.ORIGINAL, 8317));
        assertTrue(result.reason().contains("not executable"), result.reason());
    }

    @Test
    void aLaunchedProxyRunsInTheCliproxyDirectoryWithItsOutputInTheLog() throws Exception {
        CcsLayout layout = layout();
        int port = StandInConfig.freePort();
        StandInConfig.write(layout, port, "stand-in-exit-code: 7");
        Path binary = StandInLauncher.install(temp.resolve("bin"));

        Launch.Launched launched = assertInstanceOf(Launch.Launched.class,
                new OsProxyProcessAdapter(layout).launch(binary, Backend.ORIGINAL, port));

        assertEquals(OptionalInt.of(7), launched.proxy().awaitExit(Duration.ofSeconds(30)));
        String tail = launched.proxy().outputTail(10);
        assertTrue(tail.startsWith("CLIProxyAPI Version: stand-in"), tail);
        assertTrue(tail.endsWith("told to exit at once with code 7"), tail);
        assertTrue(Files.readString(layout.proxyOutputLog(port)).contains("told to exit"));
    }

    @Test
    void theOutputTailCoversOnlyTheLatestLaunch() throws Exception {
        CcsLayout layout = layout();
        int port = StandInConfig.freePort();
        Path binary = StandInLauncher.install(temp.resolve("bin"));
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout);
        StandInConfig.write(layout, port, "stand-in-exit-code: 1");
        ((Launch.Launched) adapter.launch(binary, Backend.ORIGINAL, port)).proxy().awaitExit(Duration.ofSeconds(30));
        StandInConfig.write(layout, port, "stand-in-exit-code: 2");
        Launch.Launched second = (Launch.Launched) adapter.launch(binary, Backend.ORIGINAL, port);
        second.proxy().awaitExit(Duration.ofSeconds(30));

        String tail = second.proxy().outputTail(10);
        assertFalse(tail.contains("code 1"), tail);
        assertTrue(tail.contains("code 2"), tail);
    }

    private CcsLayout layout() {
        return new CcsLayout(temp.resolve("ccs"));
    }
}
