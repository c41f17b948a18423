package dev.cliproxy.control.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The waits of the proxy's life cycle. {@code startupTimeout}: how long a started proxy may take to answer as
 * healthy (default 5 s). {@code stopGrace}: how long a SIGTERM'd proxy may take to exit before it is killed
 * (default 3 s). {@code readinessPoll}: the pause between health probes while starting. {@code lockWait}: how long
 * to wait for another process's startup lock (longer than its 10 s staleness, so a dead holder's lock is broken).
 */
public record ProxyTimings(Duration probeTimeout, Duration startupTimeout, Duration stopGrace,
                           Duration readinessPoll, Duration lockWait) {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(3);
    /**
     * A refused connect costs tens of microseconds: polling this often, a start answers within a few milliseconds
     * of the proxy's first healthy answer.
     */
    public static final Duration DEFAULT_READINESS_POLL = Duration.ofMillis(2);
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(15);

    public ProxyTimings {
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(readinessPoll, "readinessPoll");
        Objects.requireNonNull(lockWait, "lockWait");
    }

    public static ProxyTimings defaults(Duration probeTimeout) {
        return new ProxyTimings(probeTimeout, DEFAULT_STARTUP_TIMEOUT, DEFAULT_STOP_GRACE, DEFAULT_READINESS_POLL,
                DEFAULT_LOCK_WAIT);
    }
}
