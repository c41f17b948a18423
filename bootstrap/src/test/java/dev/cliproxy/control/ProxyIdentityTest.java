package dev.cliproxy.control;

import static dev.cliproxy.control.StandInFixture.alive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status and stop believe a record only for the very process it names, and never signal another one. */
class ProxyIdentityTest {

    @TempDir
    Path temp;
    private StandInFixture fixture;
    private Process unrelated;
    private LoopbackStub otherServer;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new StandInFixture(temp);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (unrelated != null) {
            unrelated.destroyForcibly();
            unrelated.waitFor();
        }
        if (otherServer != null) {
            otherServer.close();
        }
        fixture.cleanUp();
    }

    @Test
    void aProxyKilledWithSigkillReadsAsNotRunning() throws Exception {
        fixture.config();
        CliProxyControl control = fixture.control();
        long pid = fixture.remember(((StartOutcome.Started) control.proxy().start()).pid());

        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        StandInFixture.awaitExit(handle);

        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
        assertFalse(Files.exists(fixture.layout.sessionsFile(fixture.port)), "the stale record is cleaned");
        assertInstanceOf(StopOutcome.NotStopped.class, control.proxy().stop());
    }

    @Test
    void aCliRecordNamingAnUnrelatedLiveProcessIsNotBelievedNorSignalled() throws Exception {
        fixture.config();
        unrelated = new ProcessBuilder("sleep", "120").start();
        writeCliRecord(unrelated.pid(), null);
        CliProxyControl control = fixture.control();

        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
        writeCliRecord(unrelated.pid(), null);
        StopOutcome.NotStopped outcome = assertInstanceOf(StopOutcome.NotStopped.class, control.proxy().stop());

        assertTrue(outcome.reason().contains("stale"), outcome.reason());
        assertTrue(unrelated.isAlive(), "the unrelated process was never signalled");
        assertFalse(Files.exists(fixture.layout.sessionsFile(fixture.port)));
    }

    @Test
    void ourRecordWhosePidWasReusedIsNotBelievedNorSignalled() throws Exception {
        fixture.config();
        unrelated = new ProcessBuilder("sleep", "120").start();
        // Our own format: the recorded start instant is not the one of the process now holding the PID.
        writeCliRecord(unrelated.pid(), Instant.now().minus(Duration.ofHours(1)));
        CliProxyControl control = fixture.control();

        assertInstanceOf(StopOutcome.NotStopped.class, control.proxy().stop());
        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
        assertTrue(unrelated.isAlive());
    }

    @Test
    void aProxyStartedByCcsIsSeenCountedAndStopped() throws Exception {
        Path config = StandInConfig.write(fixture.layout, fixture.port);
        // As the CLI does: spawn "<binary> --config <config>" and register a session under its PID.
        Process cliProxy = new ProcessBuilder(fixture.binary.toString(), "--config", config.toString())
                .redirectOutput(temp.resolve("cli-proxy.out").toFile()).redirectErrorStream(true).start();
        fixture.remember(cliProxy.pid());
        CliProxyControl control = fixture.control();
        Await.until(() -> control.proxy().status() instanceof ProxyStatus.Running, "the proxy to answer");
        writeCliRecord(cliProxy.pid(), null);

        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
        assertEquals(cliProxy.pid(), running.pid().getAsLong());
        assertEquals(1, running.sessionCount());
        assertInstanceOf(StartOutcome.AlreadyRunning.class, control.proxy().start());

        StopOutcome.Stopped stopped = assertInstanceOf(StopOutcome.Stopped.class, control.proxy().stop());
        assertEquals(cliProxy.pid(), stopped.pid());
        assertEquals(1, stopped.sessionCount());
        assertTrue(cliProxy.waitFor(5, TimeUnit.SECONDS));
    }

    @Test
    void aProxyStartedByHandIsReportedButNotStopped() throws Exception {
        Path config = StandInConfig.write(fixture.layout, fixture.port);
        Process byHand = new ProcessBuilder(fixture.binary.toString(), "--config", config.toString())
                .redirectOutput(temp.resolve("by-hand.out").toFile()).redirectErrorStream(true).start();
        fixture.remember(byHand.pid());
        CliProxyControl control = fixture.control();
        Await.until(() -> control.proxy().status() instanceof ProxyStatus.Running, "the proxy to answer");

        ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status());
        assertTrue(running.pid().isEmpty());
        assertEquals(0, running.sessionCount());
        assertEquals(fixture.port, running.port());
        assertTrue(assertInstanceOf(StartOutcome.AlreadyRunning.class, control.proxy().start()).pid().isEmpty());
        StopOutcome.NotStopped outcome = assertInstanceOf(StopOutcome.NotStopped.class, control.proxy().stop());
        assertTrue(outcome.reason().contains("started by hand"), outcome.reason());
        assertTrue(byHand.isAlive());
    }

    @Test
    void aProxyIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        fixture.config("stand-in-ignore-sigterm: true");
        CliProxyControl control = fixture.track(fixture.builder().stopGrace(Duration.ofMillis(700)).build());
        long pid = fixture.remember(((StartOutcome.Started) control.proxy().start()).pid());

        long begin = System.nanoTime();
        StopOutcome.Stopped stopped = assertInstanceOf(StopOutcome.Stopped.class, control.proxy().stop());
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertTrue(stopped.forced());
        assertTrue(took.compareTo(Duration.ofMillis(700)) >= 0, "waited the grace period first: " + took);
        assertFalse(alive(pid));
        assertTrue(Files.readString(fixture.layout.proxyOutputLog(fixture.port)).contains("ignoring SIGTERM"));
    }

    @Test
    void aPortHeldByAnotherServerMakesStartFailClearly() throws Exception {
        otherServer = LoopbackStub.replying(request -> Reply.of(200, "<html>someone else</html>"));
        int held = otherServer.port();
        StandInConfig.write(fixture.layout, held);
        CliProxyControl control = fixture.control();

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, control.proxy().start());

        assertTrue(failed.reason().contains("Port " + held + " is in use by another program"), failed.reason());
        assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
        assertFalse(Files.exists(fixture.layout.sessionsFile(held)));
    }

    /** A sessions.json as the CLI writes it; with {@code processStart} when given (our field). */
    private void writeCliRecord(long pid, Instant processStart) throws Exception {
        String extra = processStart == null ? "" : ",\n  \"processStart\": \"" + processStart + "\"";
        Files.writeString(fixture.layout.sessionsFile(fixture.port), """
                {
                  "port": %d,
                  "pid": %d,
                  "sessions": ["a1b2c3d4e5f60718"],
                  "startedAt": "2026-01-01T00:00:00.000Z",
                  "version": "6.9.45"%s
                }
                """.formatted(fixture.port, pid, extra));
    }
}
