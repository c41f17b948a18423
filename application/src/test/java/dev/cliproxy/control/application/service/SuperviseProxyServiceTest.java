package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.ProxyStatusChange.Kind;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.domain.model.SupervisionSettings;
import dev.cliproxy.control.domain.model.SupervisionStatus;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxyHost.LaunchBehaviour;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The supervisor on an in-memory host and a test clock: every decision is made by a check, nothing sleeps. */
class SuperviseProxyServiceTest {

    private static final CcsLayout LAYOUT = new CcsLayout(Path.of("/nonexistent"));
    private static final String SECRET_KEY = "sk-supervised-secret";

    private final TestClock clock = new TestClock();
    private final InMemoryProxyHost host = new InMemoryProxyHost(clock);
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryProxySettings settings = new InMemoryProxySettings().apiKeys(List.of(SECRET_KEY));
    private final InMemoryControlSettings controlSettings = new InMemoryControlSettings(
            ControlSettings.DEFAULTS.withSupervision(SupervisionSettings.DEFAULTS.withEnabled(true)));
    private final AfterNextRead afterNextRead = new AfterNextRead(sessions);
    private final ProxyPorts ports = new ProxyPorts(settings, afterNextRead, host, host, host, host);
    private final ProxyLifecycle lifecycle = new ProxyLifecycle(LAYOUT, ports, timings());
    private final StartProxyService start = new StartProxyService(lifecycle,
            Optional.of(Path.of("/bin/cli-proxy-api")), clock);
    private final StopProxyService stop = new StopProxyService(lifecycle);
    private final List<ProxyStatusChange> events = new CopyOnWriteArrayList<>();
    private final SuperviseProxyService supervisor = supervisor(false);
    private final GetProxyStatusService status = new GetProxyStatusService(lifecycle, supervisor::keepsStaleRecord);

    @Test
    void aCrashedProxyIsStartedAgainAfterTheBackoffOnly() {
        long first = started();
        supervisor.check();
        host.crashProxy(false);

        supervisor.check();
        assertEquals(List.of("restarting"), kinds());
        assertEquals(Optional.of(Duration.ofSeconds(1)), events.get(0).supervision().orElseThrow().delay());
        assertEquals(Optional.of(clock.instant()), supervisor.supervision().lastCrashAt());

        clock.advance(Duration.ofMillis(999));
        supervisor.check();
        assertTrue(host.liveProxyPids().isEmpty(), "not before the backoff");
        clock.advance(Duration.ofMillis(1));
        supervisor.check();

        assertEquals(List.of("restarting", "restarted"), kinds());
        long second = sessions.read(settings.lifecyclePort()).orElseThrow().pid();
        assertTrue(second != first && host.liveProxyPids().equals(List.of(second)));
        SupervisionStatus state = supervisor.supervision();
        assertTrue(state.supervised());
        assertEquals(1, state.restarts());
        assertEquals(Optional.empty(), state.crashLoop());
    }

    @Test
    void theDelayDoublesWithEachCrashOfTheWindow() {
        started();
        supervisor.check();
        for (int crash = 1; crash <= 4; crash++) {
            host.crashProxy(false);
            supervisor.check();
            ProxyStatusChange restarting = events.get(events.size() - 1);
            assertEquals(Kind.RESTARTING, restarting.kind());
            assertEquals(Optional.of(Duration.ofSeconds(1L << (crash - 1))),
                    restarting.supervision().orElseThrow().delay(), "crash " + crash);
            clock.advance(restarting.supervision().orElseThrow().delay().orElseThrow());
            supervisor.check();
            assertEquals(Kind.RESTARTED, events.get(events.size() - 1).kind());
        }
        assertEquals(4, supervisor.supervision().restarts());
    }

    @Test
    void aDeliberateStopIsNeverUndone() {
        started();
        supervisor.check();

        assertInstanceOf(StopOutcome.Stopped.class, stop.stop());
        for (int i = 0; i < 5; i++) {
            supervisor.check();
            clock.advance(Duration.ofSeconds(30));
        }

        assertEquals(List.of(), kinds());
        assertTrue(host.liveProxyPids().isEmpty());
        assertEquals(1, host.launches().size());
    }

    @Test
    void aDeadProcessInTheRecordIsACrashOnlyAfterTheGraceAndItsTryIsNotDelayedByIt() {
        SuperviseProxyService graced = supervisor(false, Duration.ofMillis(500));
        started();
        graced.check();
        host.crashProxy(false);
        Instant seen = clock.instant();
        graced.check();
        clock.advance(Duration.ofMillis(499));
        graced.check();
        assertEquals(List.of(), kinds(), "maybe a stop under way");
        assertTrue(new GetProxyStatusService(lifecycle, graced::keepsStaleRecord).status()
                instanceof ProxyStatus.NotRunning);
        assertTrue(sessions.read(settings.lifecyclePort()).isPresent(), "the status read kept the evidence");

        clock.advance(Duration.ofMillis(1));
        graced.check();
        assertEquals(List.of("restarting"), kinds());
        assertEquals(Optional.of(seen), graced.supervision().lastCrashAt(), "counted from when it was seen");
        clock.advance(Duration.ofMillis(499));
        graced.check();
        assertEquals(List.of("restarting"), kinds());
        clock.advance(Duration.ofMillis(1));
        graced.check();
        assertEquals(List.of("restarting", "restarted"), kinds(), "one second after the crash was seen");
    }

    @Test
    void aStopThatRemovesTheRecordAMomentAfterTheExitIsNoCrash() {
        SuperviseProxyService graced = supervisor(false, Duration.ofMillis(500));
        started();
        graced.check();
        // The ccs CLI's stop: SIGTERM, a look every 100 ms until the process is gone, then the record removed.
        host.crashProxy(false);
        graced.check();
        clock.advance(Duration.ofMillis(100));
        graced.check();
        sessions.update(settings.lifecyclePort(), record -> Optional.empty());
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            graced.check();
        }

        assertEquals(List.of(), kinds());
        assertEquals(1, host.launches().size());
        assertEquals(Optional.empty(), graced.supervision().lastCrashAt());
        assertEquals(0, graced.supervision().restarts());
    }

    @Test
    void aStopWhileATryIsPendingCancelsIt() {
        started();
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        assertEquals(List.of("restarting"), kinds());

        supervisor.stoppingSupervised(stop).stop();
        clock.advance(Duration.ofMinutes(1));
        supervisor.check();

        assertEquals(List.of("restarting"), kinds());
        assertTrue(host.liveProxyPids().isEmpty());
        assertTrue(sessions.read(settings.lifecyclePort()).isEmpty(), "the stop removed the crashed record");
    }

    @Test
    void aStatusReadBeforeTheCheckDoesNotEraseTheEvidenceOfTheCrash() {
        started();
        supervisor.check();
        host.crashProxy(false);

        assertEquals(new ProxyStatus.NotRunning(), status.status());
        assertTrue(sessions.read(settings.lifecyclePort()).isPresent(), "the crashed record is kept for the check");
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new ProxyStatus.NotRunning(), status.status());
        supervisor.check();

        assertEquals(List.of("restarting", "restarted"), kinds());
    }

    @Test
    void aBinaryThatExitsAtOnceEndsInACrashLoopAfterMaxCrashesTriesWithItsOutput() {
        controlSettings.put(ControlSettings.DEFAULTS.withSupervision(
                new SupervisionSettings(true, 3, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(60))));
        started();
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        for (int i = 0; i < 5; i++) {
            host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE, "key " + SECRET_KEY + "\nfatal: cannot load config");
            clock.advance(Duration.ofMinutes(1));
            supervisor.check();
        }

        assertEquals(List.of("restarting", "restarting", "restarting", "crash-loop"), kinds());
        assertEquals(4, host.launches().size(), "the first start and three tries");
        ProxyStatusChange loop = events.get(events.size() - 1);
        String output = loop.supervision().orElseThrow().lastOutput().orElseThrow();
        assertTrue(output.contains("fatal: cannot load config"), output);
        assertFalse(output.contains(SECRET_KEY), output);
        assertEquals(Optional.of(output), supervisor.supervision().crashLoop());
        assertEquals(0, supervisor.supervision().restarts());
    }

    @Test
    void crashesOutsideTheWindowDoNotCount() {
        controlSettings.put(ControlSettings.DEFAULTS.withSupervision(
                new SupervisionSettings(true, 2, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(60))));
        started();
        supervisor.check();
        for (int crash = 0; crash < 6; crash++) {
            host.crashProxy(false);
            supervisor.check();
            clock.advance(Duration.ofMinutes(2));
            supervisor.check();
        }
        assertFalse(kinds().contains("crash-loop"), kinds().toString());
        assertEquals(6, supervisor.supervision().restarts());
    }

    @Test
    void aCrashLoopEndsWhenSomeoneStartsTheProxyAgain() {
        controlSettings.put(ControlSettings.DEFAULTS.withSupervision(
                new SupervisionSettings(true, 1, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1))));
        started();
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE);
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        assertTrue(supervisor.supervision().crashLoop().isPresent());

        started();
        supervisor.check();
        assertEquals(Optional.empty(), supervisor.supervision().crashLoop());
        host.crashProxy(false);
        supervisor.check();
        assertEquals(Kind.RESTARTING, events.get(events.size() - 1).kind());
    }

    @Test
    void offByDefaultButOnWhenForced() {
        controlSettings.put(ControlSettings.DEFAULTS);
        started();
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        clock.advance(Duration.ofMinutes(1));
        supervisor.check();
        assertEquals(List.of(), kinds());
        assertFalse(supervisor.supervision().supervised());

        SuperviseProxyService forced = supervisor(true);
        started();
        forced.check();
        host.crashProxy(false);
        forced.check();
        clock.advance(Duration.ofSeconds(1));
        forced.check();
        assertEquals(List.of("restarting", "restarted"), kinds());
        assertTrue(forced.supervision().supervised());
    }

    @Test
    void aRecordThatWasDeadBeforeSupervisionBeganIsNoCallToStartAnything() {
        sessions.update(settings.lifecyclePort(), none -> Optional.of(new SessionRecord(settings.lifecyclePort(),
                4242, List.of(), clock.instant().minus(Duration.ofDays(1)), Optional.empty(), Optional.empty(),
                Optional.empty(), java.util.Map.of())));
        supervisor.check();
        clock.advance(Duration.ofMinutes(1));
        supervisor.check();
        assertEquals(List.of(), kinds());
        assertEquals(0, host.launches().size());
        assertEquals(new ProxyStatus.NotRunning(), status.status());
        assertTrue(sessions.read(settings.lifecyclePort()).isEmpty(), "no evidence to keep: the status drops it");
    }

    @Test
    void twoSupervisorsOfOneDirectoryStartOneProxy() {
        SuperviseProxyService other = supervisor(false);
        started();
        supervisor.check();
        other.check();
        host.crashProxy(false);
        supervisor.check();
        other.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        other.check();

        assertEquals(1, host.liveProxyPids().size());
        assertEquals(2, host.launches().size(), "the first start and one restart");
        assertEquals(1, kinds().stream().filter("restarted"::equals).count());
    }

    @Test
    void theSessionsOfTheCrashedProxyCarryOnWithTheNewOne() {
        started();
        sessions.update(settings.lifecyclePort(), r -> r.map(record -> record.withSession("ccs-client-1",
                Optional.empty())));
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();

        assertTrue(sessions.read(settings.lifecyclePort()).orElseThrow().sessions().contains("ccs-client-1"));
    }

    @Test
    void aCrashLoopTellsTheLastOutputOfTheCrashedProxyWithItsSecretsMasked() {
        oneCrashAllowed();
        host.nextLaunch(LaunchBehaviour.HEALTHY, "key " + SECRET_KEY + "\npanic: out of memory");
        started();
        crashTwice();

        assertEquals(List.of("restarting", "restarted", "crash-loop"), kinds());
        String output = supervisor.supervision().crashLoop().orElseThrow();
        assertTrue(output.contains("panic: out of memory"), output);
        assertFalse(output.contains(SECRET_KEY), output);
    }

    @Test
    void aCrashLoopOfAProxyThatWroteNothingSaysSo() {
        oneCrashAllowed();
        started();
        crashTwice();

        assertEquals(Optional.of("It wrote no output."), supervisor.supervision().crashLoop());
    }

    @Test
    void withoutSupervisionOrInACrashLoopAStatusReadDropsTheRecordOfACrashedProxy() {
        controlSettings.put(ControlSettings.DEFAULTS);
        started();
        supervisor.check();
        host.crashProxy(false);
        assertEquals(new ProxyStatus.NotRunning(), status.status());
        assertTrue(sessions.read(settings.lifecyclePort()).isEmpty(), "not supervised: nothing to keep");

        oneCrashAllowed();
        started();
        crashTwice();
        assertTrue(supervisor.supervision().crashLoop().isPresent());
        assertEquals(new ProxyStatus.NotRunning(), status.status());
        assertTrue(sessions.read(settings.lifecyclePort()).isEmpty(), "given up: nothing to keep");
    }

    @Test
    void aRecordRemovedByAStopDuringTheCheckIsNoCrash() {
        started();
        supervisor.check();
        host.crashProxy(false);
        // The ccs CLI's stop: it removes the record while the check looks at it.
        afterNextRead.run(() -> sessions.update(settings.lifecyclePort(), r -> Optional.empty()));
        supervisor.check();
        clock.advance(Duration.ofMinutes(1));
        supervisor.check();

        assertEquals(List.of(), kinds());
        assertEquals(1, host.launches().size());
    }

    @Test
    void aProxyStartedByHandDuringTheCheckIsNoCrash() {
        started();
        supervisor.check();
        host.crashProxy(false);
        afterNextRead.run(this::started);
        supervisor.check();
        clock.advance(Duration.ofMinutes(1));
        supervisor.check();

        assertEquals(List.of(), kinds());
        assertEquals(2, host.launches().size(), "the first start and the one by hand");
        assertEquals(1, host.liveProxyPids().size());
    }

    @Test
    void aRestartedProxyWhoseCrashedOneHadNoSessionsLeftHoldsOneOfItsOwn() {
        started();
        sessions.update(settings.lifecyclePort(), r -> r.map(record -> record.withoutSessions(record.sessions())));
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();

        assertEquals(List.of("restarting", "restarted"), kinds());
        assertEquals(1, sessions.read(settings.lifecyclePort()).orElseThrow().sessions().size(),
                "kept running like a plain start");
    }

    @Test
    void aBrokenSettingsFileKeepsTheLastGoodSettings() {
        started();
        supervisor.check();
        controlSettings.corrupt();
        host.crashProxy(false);
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();

        assertEquals(List.of("restarting", "restarted"), kinds());
        assertTrue(supervisor.supervision().supervised());
    }

    @Test
    void startedItChecksOnItsOwnUntilClosed() {
        SuperviseProxyService running = new SuperviseProxyService(LAYOUT, ports, timings(), start, controlSettings,
                false, clock, events::add, Duration.ofMillis(5), Duration.ZERO);
        try {
            started();
            running.start();
            running.start();
            awaitKinds(List.of()); // it has seen the proxy running before the crash
            host.crashProxy(false);
            awaitKinds(List.of("restarting"));
            clock.advance(Duration.ofSeconds(1));
            awaitKinds(List.of("restarting", "restarted"));
        } finally {
            running.close();
        }
        assertEquals(2, host.launches().size(), "a second start() runs no second supervisor");
    }

    @Test
    void closeEndsASupervisorWaitingForItsNextCheckAtOnce() {
        SuperviseProxyService idle = new SuperviseProxyService(LAYOUT, ports, timings(), start, controlSettings,
                false, clock, events::add, Duration.ofHours(1), Duration.ZERO);
        idle.start();
        assertTimeoutPreemptively(Duration.ofSeconds(5), idle::close);
    }

    /**
     * The supervisor's own lock guards a few fields for the length of a call: after any call, another thread (the
     * HTTP server's status read) gets the status at once.
     */
    @Test
    void noCallLeavesTheSupervisorLockedForOtherThreads() {
        started();
        supervisor.check();
        assertReadableFromAnotherThread("a check of a running proxy");
        assertTrue(supervisor.keepsStaleRecord(sessions.read(settings.lifecyclePort()).orElseThrow()));
        assertReadableFromAnotherThread("keepsStaleRecord");
        supervisor.supervision();
        assertReadableFromAnotherThread("supervision");

        host.crashProxy(false);
        supervisor.check();
        assertReadableFromAnotherThread("the check that counts a crash");
        supervisor.check();
        assertReadableFromAnotherThread("a check while a try is to come");
        host.nextLaunch(LaunchBehaviour.EXITS_AT_ONCE);
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        assertReadableFromAnotherThread("a failed try");
        clock.advance(Duration.ofSeconds(2));
        supervisor.check();
        assertReadableFromAnotherThread("a try that restarts it");
        assertEquals(List.of("restarting", "restarting", "restarted"), kinds());

        assertInstanceOf(StopOutcome.Stopped.class, supervisor.stoppingSupervised(stop).stop());
        assertReadableFromAnotherThread("a supervised stop");
        supervisor.check();
        assertReadableFromAnotherThread("a check without a record");
        controlSettings.corrupt();
        supervisor.check();
        assertReadableFromAnotherThread("a check with a broken settings file");
        supervisor.start();
        assertReadableFromAnotherThread("start");
        supervisor.close();
        assertReadableFromAnotherThread("close");
    }

    private void assertReadableFromAnotherThread(String after) {
        AtomicReference<SupervisionStatus> read = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> read.set(supervisor.supervision()));
        try {
            reader.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertTrue(read.get() != null, "the supervisor stayed locked after " + after);
    }

    private void awaitKinds(List<String> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!kinds().equals(expected) && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(expected, kinds());
    }

    private void oneCrashAllowed() {
        controlSettings.put(ControlSettings.DEFAULTS.withSupervision(
                new SupervisionSettings(true, 1, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1))));
    }

    /** The proxy crashes, is started again, and crashes again at once. */
    private void crashTwice() {
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        supervisor.check();
        host.crashProxy(false);
        supervisor.check();
    }

    private long started() {
        return assertInstanceOf(StartOutcome.Started.class, start.start()).pid();
    }

    private List<String> kinds() {
        return events.stream().map(e -> e.kind().id()).toList();
    }

    /** Without a stop grace: a dead process in the record is a crash at the first check (the grace is tested apart). */
    private SuperviseProxyService supervisor(boolean forced) {
        return supervisor(forced, Duration.ZERO);
    }

    private SuperviseProxyService supervisor(boolean forced, Duration stopGrace) {
        return new SuperviseProxyService(LAYOUT, ports, timings(), start, controlSettings, forced, clock,
                events::add, Duration.ofMillis(10), stopGrace);
    }

    private static ProxyTimings timings() {
        return new ProxyTimings(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(1), Duration.ofMillis(10));
    }

    /** The session store, with a hook that runs once right after the next read (something done meanwhile). */
    private static final class AfterNextRead implements SessionStorePort {
        private final SessionStorePort store;
        private final AtomicReference<Runnable> hook = new AtomicReference<>();

        AfterNextRead(SessionStorePort store) {
            this.store = store;
        }

        void run(Runnable meanwhile) {
            hook.set(meanwhile);
        }

        @Override
        public Optional<SessionRecord> read(int port) {
            Optional<SessionRecord> read = store.read(port);
            Runnable meanwhile = hook.getAndSet(null);
            if (meanwhile != null) {
                meanwhile.run();
            }
            return read;
        }

        @Override
        public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
            return store.update(port, change);
        }
    }
}
