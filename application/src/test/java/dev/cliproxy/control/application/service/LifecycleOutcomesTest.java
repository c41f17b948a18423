package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.CloseProxySessionUseCase;
import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.OpenProxySessionUseCase;
import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.ProxySession;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.SessionOwner;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.StartupLockPort;
import dev.cliproxy.control.testkit.ForwardingProxyProcesses;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxyHost.LaunchBehaviour;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What start, stop, restart and sessions answer in each situation of the proxy's life, through their use cases
 * over the testkit's in-memory host (the one place that wires them is {@link Services}).
 */
class LifecycleOutcomesTest {

    private static final int PORT = 8317;

    private final InMemoryProxyHost host = new InMemoryProxyHost(new TestClock());
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final InMemoryProxySettings settings = new InMemoryProxySettings();

    // --- start ---

    @Test
    void aStaleRecordIsClearedAndANewProxyStarted() {
        Services s = services();
        long first = started(s.start.start());
        host.crashProxy(true);

        long second = started(s.start.start());

        assertNotEquals(first, second);
        assertEquals(second, store.read(PORT).orElseThrow().pid());
        assertTrue(host.signalledPids().isEmpty(), "the reused PID was never signalled");
    }

    @Test
    void aProxyAnsweringWithoutARecordIsAlreadyRunningWithNoPid() {
        Services s = services();
        started(s.start.start());
        forgetRecord();

        assertEquals(new StartOutcome.AlreadyRunning(PORT, OptionalLong.empty()), s.start.start());
        assertEquals(1, host.launches().size());
    }

    @Test
    void anotherProgramOnThePortFailsTheStartWithoutALaunch() {
        host.occupyPort(PORT);

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, services().start.start());

        assertTrue(failed.reason().startsWith("Port 8317 is in use by another program, not CLIProxy."), failed.reason());
        assertTrue(host.launches().isEmpty());
    }

    @Test
    void aBinaryThatCannotRunIsReported() {
        host.nextLaunch(LaunchBehaviour.NOT_LAUNCHED);

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, services().start.start());

        assertTrue(failed.reason().contains("is missing"), failed.reason());
        assertTrue(store.read(PORT).isEmpty());
    }

    @Test
    void aProxyThatExitsSilentlySaysItWroteNothing() {
        host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE, "");

        StartOutcome.StartFailed failed = assertInstanceOf(StartOutcome.StartFailed.class, services().start.start());

        assertTrue(failed.reason().contains("exited with code 1 before it answered on port 8317. It wrote no output."),
                failed.reason());
    }

    @Test
    void aProxyThatNeverAnswersIsStoppedAfterTheStartupTimeoutInItsUnit() {
        host.nextLaunch(LaunchBehaviour.NEVER_HEALTHY);
        StartOutcome.StartFailed inMillis = assertInstanceOf(StartOutcome.StartFailed.class,
                services(Duration.ofMillis(60)).start.start());
        assertTrue(inMillis.reason().contains("did not become healthy on port 8317 within 60 ms and was stopped."),
                inMillis.reason());
        assertEquals(1, host.signalledPids().size(), "the silent child was stopped");
        assertTrue(host.liveProxyPids().isEmpty());

        host.nextLaunch(LaunchBehaviour.NEVER_HEALTHY);
        StartOutcome.StartFailed inSeconds = assertInstanceOf(StartOutcome.StartFailed.class,
                services(Duration.ofSeconds(1)).start.start());
        assertTrue(inSeconds.reason().contains("within 1 s and was stopped."), inSeconds.reason());
    }

    @Test
    void aProxySlowToAnswerIsStartedAndNoReadinessProbeOutwaitsTheStartupTimeout() {
        SlowToAnswer api = new SlowToAnswer(3);
        Duration startup = Duration.ofSeconds(20);
        Services s = new Services(new ProxyPorts(settings, store, host, api, host, host),
                new ProxyTimings(Duration.ofSeconds(30), startup, Duration.ofMillis(10), Duration.ofMillis(1),
                        Duration.ofMillis(200)));

        started(s.start.start());

        List<Duration> readinessProbes = api.timeouts.subList(1, api.timeouts.size());
        assertEquals(4, readinessProbes.size(), "three silent probes, then the answer");
        assertTrue(readinessProbes.stream().allMatch(t -> t.compareTo(startup) <= 0), readinessProbes.toString());
    }

    // --- stop ---

    @Test
    void stoppingTheRecordedProxyEndsItsSessionsAndClearsTheRecord() {
        Services s = services();
        long pid = started(s.start.start());

        assertEquals(new StopOutcome.Stopped(PORT, pid, 1, false), s.stop.stop());
        assertTrue(store.read(PORT).isEmpty());
        assertFalse(s.status.status().running());
    }

    @Test
    void aProxyThatHadToBeKilledIsReportedAsForced() {
        Services s = new Services(new ProxyPorts(settings, store, new Killing(), host, host, host), timings());
        long pid = started(s.start.start());

        assertEquals(new StopOutcome.Stopped(PORT, pid, 1, true), s.stop.stop());
    }

    @Test
    void aProxyThatExitsBeforeItsSignalIsNotStoppedAndItsRecordIsCleared() {
        Services s = new Services(new ProxyPorts(settings, store, new ExitsFirst(), host, host, host), timings());
        started(s.start.start());

        StopOutcome.NotStopped outcome = assertInstanceOf(StopOutcome.NotStopped.class, s.stop.stop());

        assertTrue(outcome.reason().startsWith("CLIProxy exited on its own"), outcome.reason());
        assertTrue(store.read(PORT).isEmpty());
    }

    @Test
    void aProxyStartedByHandIsNeverSignalled() {
        Services s = services();
        started(s.start.start());
        forgetRecord();

        StopOutcome.NotStopped outcome = assertInstanceOf(StopOutcome.NotStopped.class, s.stop.stop());

        assertTrue(outcome.reason().contains("started by hand"), outcome.reason());
        assertEquals(1, host.liveProxyPids().size());
        assertTrue(host.signalledPids().isEmpty());
    }

    @Test
    void withNothingRunningOrOnlyAStaleRecordNothingIsSignalled() {
        Services s = services();
        assertEquals(new StopOutcome.NotStopped(PORT, "CLIProxy is not running on port 8317."), s.stop.stop());

        started(s.start.start());
        host.crashProxy(true);
        StopOutcome.NotStopped stale = assertInstanceOf(StopOutcome.NotStopped.class, s.stop.stop());
        assertTrue(stale.reason().contains("a stale session record was cleaned up"), stale.reason());
        assertTrue(store.read(PORT).isEmpty());
        assertTrue(host.signalledPids().isEmpty());
    }

    // --- restart ---

    @Test
    void restartingWithNothingRunningIsAPlainStart() {
        RestartOutcome outcome = services().restart.restart();

        assertInstanceOf(StopOutcome.NotStopped.class, outcome.stopped());
        long pid = started(outcome.started());
        assertEquals(1, store.read(PORT).orElseThrow().sessions().size(), "the start's own hold");
        assertEquals(pid, store.read(PORT).orElseThrow().pid());
    }

    @Test
    void restartingCarriesTheLiveSessionsAndTheirOwnersToTheNewProxy() {
        Services s = services();
        ProxySession session = s.open.open();
        long before = store.read(PORT).orElseThrow().pid();
        SessionOwner dead = new SessionOwner(424_242, Optional.of(Instant.EPOCH));
        store.update(PORT, r -> r.map(record -> record.withSession("gone", Optional.of(dead))));

        RestartOutcome outcome = s.restart.restart();

        assertEquals(new StopOutcome.Stopped(PORT, before, 1, false), outcome.stopped());
        long after = started(outcome.started());
        SessionRecord record = store.read(PORT).orElseThrow();
        assertEquals(after, record.pid());
        assertEquals(List.of(session.id()), record.sessions(), "the live session only, and no hold of its own");
        assertEquals(Map.of(session.id(), SessionOwner.of(host.self())), record.owners());

        s.close.close(session);
        assertFalse(s.status.status().running(), "closing the carried session stops the proxy it kept");
    }

    @Test
    void restartingAPlainStartCarriesItsHoldSoTheNewProxyOutlivesEmbeddersToo() {
        Services s = services();
        long before = started(s.start.start());
        List<String> hold = store.read(PORT).orElseThrow().sessions();

        long after = started(s.restart.restart().started());

        assertNotEquals(before, after);
        assertEquals(hold, store.read(PORT).orElseThrow().sessions());
    }

    // --- sessions ---

    @Test
    void aSessionOnAProxyStartedByHandIsNotRegisteredAndClosingItChangesNothing() {
        Services s = services();
        started(s.start.start());
        forgetRecord();

        ProxySession session = s.open.open();

        assertEquals(new ProxySession(PORT, session.id(), false), session);
        s.close.close(session);
        assertTrue(s.status.status().running());
        assertTrue(host.signalledPids().isEmpty());
    }

    @Test
    void closingTheLastSessionStopsTheProxyItStartedAndClosingTwiceIsHarmless() {
        Services s = services();
        ProxySession first = s.open.open();
        ProxySession second = s.open.open();
        assertEquals(2, ((ProxyStatus.Running) s.status.status()).sessionCount());

        s.close.close(first);
        s.close.close(first);
        assertEquals(1, ((ProxyStatus.Running) s.status.status()).sessionCount());
        s.close.close(second);

        assertFalse(s.status.status().running());
        assertEquals(1, host.signalledPids().size());
    }

    @Test
    void sessionsOfDeadOwnersNoLongerCount() {
        Services s = services();
        ProxySession session = s.open.open();
        store.update(PORT, r -> r.map(record -> record.withSession("gone",
                Optional.of(new SessionOwner(424_242, Optional.empty())))));
        assertEquals(1, ((ProxyStatus.Running) s.status.status()).sessionCount());

        s.close.close(session);

        assertFalse(s.status.status().running(), "the dead owner's session kept nothing running");
    }

    @Test
    void whileAnotherProcessHoldsTheStartupLockEveryChangeIsBusy() throws Exception {
        Services s = services();
        started(s.start.start());
        ProxySession session = s.open.open();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            StartupLockPort.Held lock = host.acquire(Duration.ofSeconds(30)).orElseThrow();
            try {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.close();
            }
        });
        try {
            assertTrue(held.await(30, TimeUnit.SECONDS));
            String busy = "Another process is starting or stopping CLIProxy on port 8317"
                    + " (cliproxy/.startup.lock is held). Try again in a few seconds.";

            assertEquals(new StartOutcome.StartFailed(PORT, busy), s.start.start());
            assertEquals(new StopOutcome.NotStopped(PORT, busy), s.stop.stop());
            assertEquals(new RestartOutcome(new StopOutcome.NotStopped(PORT, busy),
                    new StartOutcome.StartFailed(PORT, busy)), s.restart.restart());
            ServiceUnavailableException opening = assertThrows(ServiceUnavailableException.class, s.open::open);
            assertEquals(Optional.of("proxy_busy"), opening.code());
            assertEquals(Optional.of(busy), opening.detail());
            assertThrows(ServiceUnavailableException.class, () -> s.close.close(session));
        } finally {
            release.countDown();
            holder.join();
        }
        assertTrue(s.status.status().running(), "nothing changed");
    }

    // --- wiring ---

    private long started(StartOutcome outcome) {
        return assertInstanceOf(StartOutcome.Started.class, outcome).pid();
    }

    private void forgetRecord() {
        store.update(PORT, current -> Optional.empty());
    }

    private ProxyTimings timings() {
        return timings(Duration.ofSeconds(5));
    }

    private static ProxyTimings timings(Duration startupTimeout) {
        return new ProxyTimings(Duration.ofMillis(10), startupTimeout, Duration.ofMillis(10), Duration.ofMillis(1),
                Duration.ofMillis(200));
    }

    private Services services() {
        return services(Duration.ofSeconds(5));
    }

    private Services services(Duration startupTimeout) {
        return new Services(new ProxyPorts(settings, store, host, host, host, host), timings(startupTimeout));
    }

    /** The use cases as an embedder gets them, over one set of ports. */
    private static final class Services {
        final StartProxyUseCase start;
        final StopProxyUseCase stop;
        final RestartProxyUseCase restart;
        final OpenProxySessionUseCase open;
        final CloseProxySessionUseCase close;
        final GetProxyStatusUseCase status;

        Services(ProxyPorts ports, ProxyTimings timings) {
            CcsLayout layout = new CcsLayout(Path.of("/nonexistent/ccs"));
            ProxyLifecycle lifecycle = new ProxyLifecycle(layout, ports, timings);
            StartProxyService starter = new StartProxyService(lifecycle, Optional.of(Path.of("/bin/cli-proxy-api")),
                    new TestClock());
            StopProxyService stopper = new StopProxyService(lifecycle);
            ProxySessionService sessions = new ProxySessionService(lifecycle, starter, stopper);
            start = starter;
            stop = stopper;
            restart = new RestartProxyService(lifecycle, starter, stopper);
            open = sessions;
            close = sessions;
            status = new GetProxyStatusService(lifecycle);
        }
    }

    /** The host's API, silent for the first few probes after a launch; it records every probe's timeout. */
    private final class SlowToAnswer implements ProxyApiPort {
        private final AtomicInteger silent;
        final List<Duration> timeouts = new ArrayList<>();

        SlowToAnswer(int silentProbes) {
            this.silent = new AtomicInteger(silentProbes);
        }

        @Override
        public ProbeResult probe(int port, Duration timeout) {
            timeouts.add(timeout);
            ProbeResult real = host.probe(port, timeout);
            return real == ProbeResult.PROXY && silent.getAndDecrement() > 0 ? ProbeResult.NO_ANSWER : real;
        }

        @Override
        public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
            return host.models(port, apiKey, timeout);
        }
    }

    /** A proxy that ignores SIGTERM: it ends with the kill after the grace period. */
    private final class Killing extends ForwardingProxyProcesses {
        Killing() {
            super(host);
        }

        @Override
        public Termination terminate(ProcessInfo process, Duration grace) {
            return host.terminate(process, grace) == Termination.EXITED ? Termination.KILLED : Termination.NOT_RUNNING;
        }
    }

    /** The proxy dies on its own between the check and the signal. */
    private final class ExitsFirst extends ForwardingProxyProcesses {
        ExitsFirst() {
            super(host);
        }

        @Override
        public Termination terminate(ProcessInfo process, Duration grace) {
            host.crashProxy(false);
            return host.terminate(process, grace);
        }
    }
}
