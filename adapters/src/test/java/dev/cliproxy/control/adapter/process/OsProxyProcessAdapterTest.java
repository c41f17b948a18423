package dev.cliproxy.control.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.ProxyProcessPort.Launch;
import dev.cliproxy.control.domain.port.ProxyProcessPort.Termination;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testing.StandInLauncher;
import dev.cliproxy.control.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    void aYoungProcessIsDescribedAfreshUntilItHasSettled() throws Exception {
        // A launcher that execs the real program soon after its start (here once told to): its first description
        // does not stick.
        sleeper = new ProcessBuilder("sh", "-c", "read go; exec sleep 120").start();
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout());
        assertEquals(List.of("-c", "read go; exec sleep 120"), adapter.find(sleeper.pid()).orElseThrow().arguments());
        Instant settled = sleeper.info().startInstant().orElseThrow().plus(OsProxyProcessAdapter.SETTLED);
        assumeTrue(Instant.now().isBefore(settled), "described while young (not so on a machine this busy)");

        try (OutputStream input = sleeper.getOutputStream()) {
            input.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        Await.until(() -> sleeper.info().arguments().map(List::of).orElse(List.of()).equals(List.of("120")),
                "the exec");
        assertEquals(List.of("120"), adapter.find(sleeper.pid()).orElseThrow().arguments());
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

    @Test
    void terminateWaitsForAProcessThatTakesItsTimeToExitOnSigterm() throws Exception {
        // Exits 300 ms after SIGTERM: the stop waits for it within the grace, and the process is gone on return.
        sleeper = ready("trap 'sleep 0.3; exit 0' TERM; echo ready; while :; do sleep 0.05; done");
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout());
        ProcessInfo info = adapter.find(sleeper.pid()).orElseThrow();

        assertEquals(Termination.EXITED, adapter.terminate(info, Duration.ofSeconds(30)));
        assertFalse(ProcessHandle.of(sleeper.pid()).map(ProcessHandle::isAlive).orElse(false), "gone on return");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledOnceTheGraceHasPassed() throws Exception {
        sleeper = ready("trap '' TERM; echo ready; while :; do sleep 0.05; done");
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout());
        ProcessInfo info = adapter.find(sleeper.pid()).orElseThrow();

        assertEquals(Termination.KILLED, adapter.terminate(info, Duration.ofMillis(300)));
        assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS), "the process was killed");
    }

    @Test
    void anInterruptedStopDoesNotWaitOutTheGraceKillsAndKeepsTheInterrupt() throws Exception {
        sleeper = ready("trap 'sleep 5; exit 0' TERM; echo ready; while :; do sleep 0.05; done");
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout());
        ProcessInfo info = adapter.find(sleeper.pid()).orElseThrow();

        Termination result;
        Thread.currentThread().interrupt();
        try {
            result = adapter.terminate(info, Duration.ofSeconds(60));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
        assertEquals(Termination.KILLED, result);
        assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS), "the process was killed");
    }

    @Test
    void aLaunchedProxyReadsNoInputAndItsOutputTailIsReadByPort() throws Exception {
        // Its input is /dev/null: a read ends at once instead of waiting on a pipe nobody writes to.
        CcsLayout layout = layout();
        Path binary = script(temp.resolve("bin/cli-proxy-api"),
                "if read line; then echo \"read: $line\"; else echo 'no input'; fi\necho second\nexit 3\n");
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout);

        Launch.Launched launched = assertInstanceOf(Launch.Launched.class,
                adapter.launch(binary, Backend.ORIGINAL, 9124));

        assertEquals(OptionalInt.of(3), launched.proxy().awaitExit(Duration.ofSeconds(60)));
        assertEquals("no input\nsecond", adapter.outputTail(9124, 10));
        assertEquals("second", adapter.outputTail(9124, 1));
    }

    @Test
    void aTrialRunsInItsOwnDirectoryWithItsOutputThere() throws Exception {
        Path binary = script(temp.resolve("bin/cli-proxy-api"), "echo \"$PWD|$WRITABLE_PATH|$*\"\n");
        Path directory = Files.createDirectories(temp.resolve("trial")).toRealPath();
        TrialSetup trial = new TrialSetup(directory, directory.resolve("config.yaml"), 9125, Optional.empty());

        Launch.Launched launched = assertInstanceOf(Launch.Launched.class,
                new OsProxyProcessAdapter(layout()).launch(binary, Backend.ORIGINAL, trial));

        assertEquals(OptionalInt.of(0), launched.proxy().awaitExit(Duration.ofSeconds(60)));
        assertEquals(directory + "|" + directory + "|--config " + trial.config() + "\n",
                Files.readString(directory.resolve("logs/proxy-output.log")));
        assertFalse(Files.exists(layout().proxyOutputLog(9125)), "nothing in the real proxy's files");
    }

    @Test
    void theOutputOfARunningProxyIsKeptUnderItsCap() throws Exception {
        CcsLayout layout = layout();
        // All of it in one write (cat of a small file): a check of the size sees none of it or all of it. Line by line,
        // a check under load came between two lines and moved aside only the first ones.
        Path output = Files.writeString(temp.resolve("output.txt"), IntStream.range(0, 100)
                .mapToObj(i -> "line " + i + " of the output\n").collect(Collectors.joining()));
        Path binary = script(temp.resolve("bin/cli-proxy-api"), "cat '" + output + "'\nexec sleep 120\n");
        OsProxyProcessAdapter adapter = new OsProxyProcessAdapter(layout, 1000);
        Launch.Launched launched = assertInstanceOf(Launch.Launched.class,
                adapter.launch(binary, Backend.ORIGINAL, 9126));
        try {
            Path rotated = layout.proxyOutputLog(9126).resolveSibling(
                    layout.proxyOutputLog(9126).getFileName() + ".1");
            // Checked every few seconds while it runs: the output moves aside and the log starts again.
            Await.until(() -> Files.exists(rotated), Duration.ofSeconds(90), "the output log rotated");
            assertTrue(Files.readString(rotated).contains("line 99 of the output"), Files.readString(rotated));
        } finally {
            adapter.terminate(launched.proxy().process(), Duration.ofSeconds(5));
        }
    }

    @Test
    void aSparePortIsAFreeLoopbackPortChosenByTheSystem() throws Exception {
        int port = new OsProxyProcessAdapter(layout()).sparePort();
        assertTrue(port > 0 && port <= 65535, "port " + port);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    /** A shell that says {@code ready} on its output once its traps are set; started by this test, stopped after. */
    private static Process ready(String shell) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", shell).redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .lines()) {
            assertEquals(Optional.of("ready"), lines.findFirst());
        }
        return process;
    }

    private static Path script(Path file, String body) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private CcsLayout layout() {
        return new CcsLayout(temp.resolve("ccs"));
    }
}
