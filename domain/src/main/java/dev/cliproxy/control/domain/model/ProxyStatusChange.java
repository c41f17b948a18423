package dev.cliproxy.control.domain.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A change of the proxy's status as a watcher saw it, with the status after the change; the supervisor's changes
 * ({@code restarting}, {@code restarted}, {@code crash-loop}) carry a {@link Supervision} note.
 */
public record ProxyStatusChange(Kind kind, ProxyStatus status, Optional<Supervision> supervision) {

    public ProxyStatusChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(supervision, "supervision");
    }

    public ProxyStatusChange(Kind kind, ProxyStatus status) {
        this(kind, status, Optional.empty());
    }

    /**
     * What the supervisor did: {@code attempt} is the crash count of the window that this event follows,
     * {@code delay} the wait before the next try (restarting), {@code lastOutput} the proxy's last output lines
     * (crash loop), and {@code state} the supervisor's status after the change.
     */
    public record Supervision(int attempt, Optional<Duration> delay, Optional<String> lastOutput,
                              SupervisionStatus state) {
        public Supervision {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(lastOutput, "lastOutput");
            Objects.requireNonNull(state, "state");
        }
    }

    /** What happened. */
    public enum Kind {
        /** Not a change: the status when the watch began. */
        CURRENT("status"),
        /** A proxy now runs (none ran, or another process replaced the one that did). */
        STARTED("started"),
        /** The proxy stopped and its session record was cleared, as a stop does. */
        STOPPED("stopped"),
        /** The recorded proxy died while its session record still named it. */
        CRASHED("crashed"),
        /** The same proxy runs with another number of live sessions. */
        SESSIONS_CHANGED("sessions-changed"),
        /** The supervisor saw a crash and will start the proxy again after a delay. */
        RESTARTING("restarting"),
        /** The supervisor started the proxy again and it is ready. */
        RESTARTED("restarted"),
        /** Too many crashes in the window: the supervisor stopped trying. */
        CRASH_LOOP("crash-loop");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name on the wire. */
        public String id() {
            return id;
        }
    }
}
