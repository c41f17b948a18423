package dev.cliproxy.control.domain.model;

import java.util.Objects;

/** A change of the proxy's status as a watcher saw it, with the status after the change. */
public record ProxyStatusChange(Kind kind, ProxyStatus status) {

    public ProxyStatusChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
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
        SESSIONS_CHANGED("sessions-changed");

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
