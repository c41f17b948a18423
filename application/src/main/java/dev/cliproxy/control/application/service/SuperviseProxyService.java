package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetSupervisionStatusUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.ProxyStatusChange.Kind;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.domain.model.SupervisionSettings;
import dev.cliproxy.control.domain.model.SupervisionStatus;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Starts the proxy of the current port again when it crashed, with a growing delay, until too many crashes in a
 * window make it a crash loop. A crash is told from a stop by the session record alone: a stop (ours, the
 * {@code ccs} CLI's, another control server's) removes it, a crash leaves it naming a dead process. The CLI removes
 * it a moment after the process is gone and takes no lock, so a record must name a dead process for a grace
 * before that counts; it is checked again under the startup lock before counting a crash (a stop of ours in
 * progress holds it) and before each try, which is a start under that lock: so two supervisors of one CCS
 * directory never both launch a proxy, and a stop made meanwhile is never undone. Only a proxy seen running while supervising, or started since, is
 * supervised: an old dead record is no call to start anything.
 *
 * <p>Everything happens in {@link #check()}, whose decisions use the injected clock: a thread calls it every
 * {@code interval} ({@link #start()}), a test calls it after moving a test clock.
 */
public final class SuperviseProxyService implements GetSupervisionStatusUseCase, AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    /**
     * How long the record must go on naming a dead process before that is a crash: the {@code ccs} CLI's stop
     * removes the record only once it has seen the process gone (it looks every 100 ms), and takes no lock.
     */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(SuperviseProxyService.class.getName());

    private final ProxyPorts ports;
    private final StartProxyService starter;
    private final ControlSettingsPort settingsFile;
    private final boolean forced;
    private final Clock clock;
    private final Consumer<ProxyStatusChange> events;
    private final Duration stopGrace;
    private final RecordedProcessVerifier verifier;
    private final LiveSessions live;
    private final LifecycleLock lifecycle;
    private final Instant since;
    private final PeriodicTask checks;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}, as are the fields below. */
    private final Deque<Instant> crashes = new ArrayDeque<>();
    private SupervisionSettings lastGood = SupervisionSettings.DEFAULTS;
    private boolean supervised;
    private int restarts;
    private Optional<Instant> lastCrashAt = Optional.empty();
    private Optional<String> crashLoop = Optional.empty();
    /** The verified proxy last seen running; -1 for none. */
    private long watchedPid = -1;
    /** The dead proxy whose crash was counted (its record may stay until a try replaces it); -1 for none. */
    private long countedPid = -1;
    private Optional<Pending> pending = Optional.empty();
    /** The supervised process the record names while it is dead, and since when it was seen so. */
    private Optional<Suspect> suspect = Optional.empty();

    /** A try to come: when, and whether the record must still name the crashed process (the first try). */
    private record Pending(Instant at, OptionalLong deadPid) {
    }

    private record Suspect(long pid, Instant since) {
    }

    /**
     * @param forced whether supervision is on whatever the settings file says (builder option, {@code --supervise})
     * @param events where the {@code restarting}, {@code restarted} and {@code crash-loop} changes go
     * @param stopGrace how long a record naming a dead process may be a stop under way
     *                  ({@link #DEFAULT_STOP_GRACE}); the crash counts from when it was first seen
     */
    public SuperviseProxyService(CcsLayout layout, ProxyPorts ports, ProxyTimings timings, StartProxyService starter,
                                 ControlSettingsPort settingsFile, boolean forced, Clock clock,
                                 Consumer<ProxyStatusChange> events, Duration interval, Duration stopGrace) {
        this.ports = ports;
        this.starter = starter;
        this.settingsFile = settingsFile;
        this.forced = forced;
        this.clock = clock;
        this.events = events;
        this.stopGrace = stopGrace;
        this.verifier = new RecordedProcessVerifier(layout, ports.processes(), ports.proxyApi(),
                timings.probeTimeout());
        this.live = new LiveSessions(ports.processes());
        this.lifecycle = new LifecycleLock(ports.startupLock(), timings.lockWait());
        this.since = clock.instant();
        this.checks = PeriodicTask.waitingFirst("cliproxy-supervisor", "supervision check", () -> interval,
                this::check);
    }

    /** Checks every {@code interval} on a virtual thread until {@link #close()}; a second call does nothing. */
    public void start() {
        checks.start();
    }

    /** Ends the checks; the proxy is left as it is. */
    @Override
    public void close() {
        checks.close();
    }

    @Override
    public SupervisionStatus supervision() {
        lock.lock();
        try {
            return state();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stop that also cancels a try to come: a stop asked for while the supervisor waits to start a crashed
     * proxy again means the user wants it stopped, even though nothing runs to stop.
     */
    public StopProxyUseCase stoppingSupervised(StopProxyUseCase stop) {
        return () -> {
            lock.lock();
            try {
                pending = Optional.empty();
            } finally {
                lock.unlock();
            }
            StopOutcome outcome = stop.stop();
            lock.lock();
            try {
                pending = Optional.empty();
                watchedPid = -1;
            } finally {
                lock.unlock();
            }
            return outcome;
        };
    }

    /**
     * Whether the status may not yet remove this stale record: it is the supervisor's evidence of a crash (read
     * at its next check) when it names the supervised proxy.
     */
    public boolean keepsStaleRecord(SessionRecord record) {
        lock.lock();
        try {
            if (!supervised || crashLoop.isPresent()) {
                return false;
            }
            // A counted crash's record is the first try's warrant: kept while that try is to come.
            return record.pid() == countedPid ? pending.isPresent() : isSupervisedProxy(record);
        } finally {
            lock.unlock();
        }
    }

    /** One check: notices a crash, or makes a try that is due. */
    public void check() {
        SupervisionSettings settings = settings();
        List<ProxyStatusChange> changes = new ArrayList<>();
        lock.lock();
        try {
            supervised = settings.enabled();
            if (!supervised) {
                pending = Optional.empty();
                return;
            }
        } finally {
            lock.unlock();
        }
        int port = ports.settings().lifecyclePort();
        Optional<Pending> due = duePending();
        if (due.isPresent()) {
            attempt(port, due.get(), settings, changes);
        } else {
            watch(port, settings, changes);
        }
        changes.forEach(this::emit);
    }

    private Optional<Pending> duePending() {
        lock.lock();
        try {
            return pending.filter(p -> !clock.instant().isBefore(p.at()));
        } finally {
            lock.unlock();
        }
    }

    private void watch(int port, SupervisionSettings settings, List<ProxyStatusChange> changes) {
        if (hasPending()) {
            return;
        }
        Optional<SessionRecord> record = ports.sessions().read(port);
        if (record.isEmpty()) {
            lock.lock();
            try {
                watchedPid = -1;
                suspect = Optional.empty(); // stopped: whoever stops it next starts afresh
            } finally {
                lock.unlock();
            }
            return;
        }
        SessionRecord recorded = record.get();
        if (verifier.verify(recorded).isPresent()) {
            lock.lock();
            try {
                if (recorded.pid() != watchedPid && crashLoop.isPresent()) {
                    // Someone started the proxy again by hand: supervise it afresh.
                    crashLoop = Optional.empty();
                    crashes.clear();
                }
                watchedPid = recorded.pid();
                suspect = Optional.empty();
            } finally {
                lock.unlock();
            }
            return;
        }
        Instant noticed;
        lock.lock();
        try {
            if (recorded.pid() == countedPid || crashLoop.isPresent() || !isSupervisedProxy(recorded)) {
                return;
            }
            if (suspect.filter(seen -> seen.pid() == recorded.pid()).isEmpty()) {
                suspect = Optional.of(new Suspect(recorded.pid(), clock.instant()));
            }
            noticed = suspect.get().since();
            if (clock.instant().isBefore(noticed.plus(stopGrace))) {
                return; // maybe the ccs CLI's stop, which removes the record a moment after the exit
            }
        } finally {
            lock.unlock();
        }
        // A stop of ours in progress holds the lock between the process's exit and the record's removal.
        boolean crashed = lifecycle.whileHeld(() -> ports.sessions().read(port)
                        .filter(r -> r.pid() == recorded.pid() && verifier.verify(r).isEmpty()).isPresent())
                .orElse(false);
        if (crashed) {
            crashed(port, OptionalLong.of(recorded.pid()), Optional.empty(), noticed, settings, changes);
        }
    }

    /**
     * Counts a crash noticed at {@code noticed} and plans the next try (its delay counted from then), or gives up.
     * {@code failure}: why a try failed, with its output.
     */
    private void crashed(int port, OptionalLong deadPid, Optional<String> failure, Instant noticed,
                         SupervisionSettings settings, List<ProxyStatusChange> changes) {
        String output = failure.orElseGet(() -> lastOutput(port));
        lock.lock();
        try {
            Instant now = noticed;
            deadPid.ifPresent(pid -> countedPid = pid);
            watchedPid = -1;
            lastCrashAt = Optional.of(now);
            crashes.addLast(now);
            while (!crashes.isEmpty() && !crashes.peekFirst().isAfter(now.minus(settings.crashWindow()))) {
                crashes.removeFirst();
            }
            int count = crashes.size();
            if (count > settings.maxCrashes()) {
                pending = Optional.empty();
                crashLoop = Optional.of(output);
                changes.add(note(Kind.CRASH_LOOP, new ProxyStatus.NotRunning(), count, Optional.empty(),
                        Optional.of(output)));
                return;
            }
            Duration delay = settings.backoff(count);
            pending = Optional.of(new Pending(now.plus(delay), deadPid));
            changes.add(note(Kind.RESTARTING, new ProxyStatus.NotRunning(), count, Optional.of(delay),
                    Optional.empty()));
        } finally {
            lock.unlock();
        }
    }

    /** A try that is due: a start under the lock, if the record still allows one. */
    private void attempt(int port, Pending due, SupervisionSettings settings, List<ProxyStatusChange> changes) {
        Optional<Optional<StartOutcome>> result = lifecycle.whileHeld(() -> {
            try {
                return tryLocked(port, due);
            } finally {
                // Only now: while the try is under way, the crashed record is its warrant and must stay.
                lock.lock();
                try {
                    pending = pending.filter(p -> !p.equals(due));
                } finally {
                    lock.unlock();
                }
            }
        });
        if (result.isEmpty() || result.get().isEmpty()) {
            // The lock stayed busy (the try is still pending: the next check makes it), or the try was not needed.
            return;
        }
        switch (result.get().get()) {
            case StartOutcome.Started started -> restarted(port, started, changes);
            case StartOutcome.AlreadyRunning already -> setWatched(already.pid().orElse(-1));
            case StartOutcome.StartFailed failed ->
                    crashed(port, OptionalLong.empty(), Optional.of(failed.reason()), clock.instant(), settings,
                            changes);
        }
    }

    /** The try itself, under the startup lock: empty when it was cancelled or is no longer needed. */
    private Optional<StartOutcome> tryLocked(int port, Pending due) {
        lock.lock();
        try {
            if (pending.isEmpty() || !pending.get().equals(due)) {
                return Optional.empty(); // cancelled by a stop meanwhile
            }
        } finally {
            lock.unlock();
        }
        Optional<SessionRecord> record = ports.sessions().read(port);
        if (record.isPresent() && verifier.verify(record.get()).isPresent()) {
            setWatched(record.get().pid()); // someone else started it meanwhile
            return Optional.empty();
        }
        boolean stillCrashed = due.deadPid().isEmpty()
                ? record.isEmpty() || record.get().pid() == countedPid()
                : record.isPresent() && record.get().pid() == due.deadPid().getAsLong();
        if (!stillCrashed) {
            return Optional.empty(); // stopped meanwhile (the record is gone or another one's)
        }
        Optional<SessionRecord> kept = record.map(live::pruned).filter(r -> !r.sessions().isEmpty());
        StartOutcome started = starter.startLocked(port, kept.isEmpty());
        if (started instanceof StartOutcome.Started launched && kept.isPresent()) {
            // The sessions of the crashed proxy (ccs clients still running) carry on with the new one.
            ports.sessions().update(port, current -> current
                    .filter(r -> r.pid() == launched.pid())
                    .map(r -> RestartProxyService.withSessionsOf(r, kept.get())));
        }
        return Optional.of(started);
    }

    private long countedPid() {
        lock.lock();
        try {
            return countedPid;
        } finally {
            lock.unlock();
        }
    }

    private void restarted(int port, StartOutcome.Started started, List<ProxyStatusChange> changes) {
        Optional<SessionRecord> record = ports.sessions().read(port).filter(r -> r.pid() == started.pid());
        ProxyStatus status = new ProxyStatus.Running(port, OptionalLong.of(started.pid()),
                record.map(live::count).orElse(0), record.map(SessionRecord::startedAt));
        lock.lock();
        try {
            restarts++;
            watchedPid = started.pid();
            changes.add(note(Kind.RESTARTED, status, crashes.size(), Optional.empty(), Optional.empty()));
        } finally {
            lock.unlock();
        }
    }

    /** The supervision settings in force: the file's, on when forced; the last good ones while the file is broken. */
    private SupervisionSettings settings() {
        SupervisionSettings read;
        try {
            read = settingsFile.read().settings().supervision();
        } catch (ControlException e) {
            lock.lock();
            try {
                read = lastGood;
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            lastGood = read;
        } finally {
            lock.unlock();
        }
        return forced ? read.withEnabled(true) : read;
    }

    private String lastOutput(int port) {
        String tail = ports.processes().outputTail(port, StartProxyService.OUTPUT_LINES);
        return tail.isBlank() ? "It wrote no output." : StartProxyService.masked(ports.settings(), port, tail);
    }

    /** Started while supervising, or seen running by this supervisor. Called with {@link #lock} held. */
    private boolean isSupervisedProxy(SessionRecord record) {
        return record.pid() == watchedPid || !record.startedAt().isBefore(since);
    }

    private boolean hasPending() {
        lock.lock();
        try {
            return pending.isPresent();
        } finally {
            lock.unlock();
        }
    }

    private void setWatched(long pid) {
        lock.lock();
        try {
            watchedPid = pid;
        } finally {
            lock.unlock();
        }
    }

    /** Called with {@link #lock} held. */
    private ProxyStatusChange note(Kind kind, ProxyStatus status, int attempt, Optional<Duration> delay,
                                   Optional<String> output) {
        return new ProxyStatusChange(kind, status,
                Optional.of(new ProxyStatusChange.Supervision(attempt, delay, output, state())));
    }

    /** Called with {@link #lock} held. */
    private SupervisionStatus state() {
        return new SupervisionStatus(supervised, restarts, lastCrashAt, crashLoop);
    }

    private void emit(ProxyStatusChange change) {
        try {
            events.accept(change);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "supervision event not delivered: {0}", e.getMessage());
        }
    }
}
