package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.ProxyStatusChange.Kind;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shared watcher for all subscribers: while anyone listens, a thread polls the status (cheap: a small file and
 * a process lookup) and tells every subscriber what changed. Polling, rather than watching {@code sessions.json},
 * also sees a proxy that dies without touching any file. The thread starts with the first subscriber and ends
 * with the last.
 */
public final class WatchProxyStatusService implements WatchProxyStatusUseCase {

    public static final Duration DEFAULT_POLL = Duration.ofMillis(250);

    private final GetProxyStatusUseCase status;
    private final ProxySettingsPort settings;
    private final SessionStorePort sessions;
    private final Duration poll;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}, as are the fields below. */
    private final List<Listener> listeners = new ArrayList<>();
    private PeriodicTask poller;
    /** Counts the pollers started: a tick of one stopped meanwhile is told by its number. */
    private long pollers;
    private ProxyStatus last;
    /** A proxy answering with no record was seen once; see {@link #tick}. */
    private boolean unrecordedSeen;
    /** Counts the published running proxies: a look begun before one is older than what the listeners heard. */
    private long publishedRunning;

    public WatchProxyStatusService(GetProxyStatusUseCase status, ProxySettingsPort settings,
                                   SessionStorePort sessions, Duration poll) {
        this.status = status;
        this.settings = settings;
        this.sessions = sessions;
        this.poll = poll;
    }

    @Override
    public Subscription watch(Listener listener) {
        lock.lock();
        try {
            if (poller == null) {
                last = status.status();
                long number = ++pollers;
                poller = PeriodicTask.waitingFirst("cliproxy-status-watch", "status poll", () -> poll,
                        () -> tick(number));
                poller.start();
            }
            listeners.add(listener);
            deliver(listener, new ProxyStatusChange(Kind.CURRENT, last));
        } finally {
            lock.unlock();
        }
        return () -> unsubscribe(listener);
    }

    /** Whether the polling thread runs (it should exactly while someone listens). */
    public boolean watching() {
        lock.lock();
        try {
            return poller != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells every current listener of a change seen elsewhere (the supervisor's restarts). A running proxy it tells
     * is what the listeners now believe, so the next look is compared with it: a proxy restarted and stopped before
     * any poll saw it running is still told stopped (the listeners were left believing it ran). A stop it tells is
     * left for the polls to see and name, crashed or stopped.
     */
    public void publish(ProxyStatusChange change) {
        lock.lock();
        try {
            if (change.status().running()) {
                last = change.status();
                publishedRunning++;
            }
            for (Listener listener : List.copyOf(listeners)) {
                deliver(listener, change);
            }
            stopIfIdle();
        } finally {
            lock.unlock();
        }
    }

    private void unsubscribe(Listener listener) {
        lock.lock();
        try {
            listeners.remove(listener);
            stopIfIdle();
        } finally {
            lock.unlock();
        }
    }

    private void stopIfIdle() {
        if (listeners.isEmpty() && poller != null) {
            poller.stop();
            poller = null;
        }
    }

    /** A listener that throws is dropped: its consumer is gone. */
    private void deliver(Listener listener, ProxyStatusChange change) {
        try {
            listener.changed(change);
        } catch (RuntimeException e) {
            listeners.remove(listener);
        }
    }

    /** One poll of the poller numbered {@code number}. */
    private void tick(long number) {
        long published;
        lock.lock();
        try {
            published = publishedRunning;
        } finally {
            lock.unlock();
        }
        // Read before the status: the status drops a dead proxy's record, and whether the record was still
        // there tells a crash from a stop (which clears it after the process has exited).
        Optional<SessionRecord> recordBefore = sessions.read(settings.lifecyclePort());
        ProxyStatus now = status.status();
        lock.lock();
        try {
            if (poller == null || number != pollers) {
                return; // stopped meanwhile
            }
            if (published != publishedRunning) {
                return; // a running proxy was told meanwhile, which this look may predate: the next one tells
            }
            // A proxy being started answers on its port a moment before its record is written: a newly seen
            // unrecorded proxy is believed at the next tick, so that the start is announced once, with its PID.
            if (isNewUnrecorded(now) && !unrecordedSeen) {
                unrecordedSeen = true;
                return;
            }
            unrecordedSeen = false;
            Optional<Kind> kind = change(last, now, recordBefore);
            last = now;
            if (kind.isPresent()) {
                ProxyStatusChange change = new ProxyStatusChange(kind.get(), now);
                for (Listener listener : List.copyOf(listeners)) {
                    deliver(listener, change);
                }
                stopIfIdle();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isNewUnrecorded(ProxyStatus now) {
        return now instanceof ProxyStatus.Running r && r.pid().isEmpty()
                && !(last instanceof ProxyStatus.Running l && l.pid().isEmpty() && l.port() == r.port());
    }

    static Optional<Kind> change(ProxyStatus before, ProxyStatus now, Optional<SessionRecord> recordBefore) {
        return switch (now) {
            case ProxyStatus.Remote r -> remoteChange(before, now);
            case ProxyStatus.NotRunning n -> switch (before) {
                case ProxyStatus.Running b -> Optional.of(crashed(b.pid(), recordBefore) ? Kind.CRASHED : Kind.STOPPED);
                case ProxyStatus.Remote b -> remoteChange(before, now);
                case ProxyStatus.NotRunning b -> Optional.empty();
            };
            case ProxyStatus.Running r -> switch (before) {
                case ProxyStatus.Running b -> {
                    if (b.port() != r.port() || !b.pid().equals(r.pid())) {
                        yield Optional.of(Kind.STARTED);
                    }
                    yield b.sessionCount() != r.sessionCount() ? Optional.of(Kind.SESSIONS_CHANGED) : Optional.empty();
                }
                // From nothing running, or from a proxy on another host (remote mode switched off).
                default -> Optional.of(Kind.STARTED);
            };
        };
    }

    /**
     * A proxy on another host (the {@code ccs} remote mode) has no process or record here: it started when it began
     * to answer, or when another proxy took the place of the one watched; it stopped when it no longer answers.
     */
    private static Optional<Kind> remoteChange(ProxyStatus before, ProxyStatus now) {
        if (!now.running()) {
            return before.running() ? Optional.of(Kind.STOPPED) : Optional.empty();
        }
        boolean sameProxy = before instanceof ProxyStatus.Remote b && now instanceof ProxyStatus.Remote r
                && b.baseUri().equals(r.baseUri());
        return before.running() && sameProxy ? Optional.empty() : Optional.of(Kind.STARTED);
    }

    private static boolean crashed(OptionalLong pid, Optional<SessionRecord> recordBefore) {
        return pid.isPresent() && recordBefore.filter(record -> record.pid() == pid.getAsLong()).isPresent();
    }
}
