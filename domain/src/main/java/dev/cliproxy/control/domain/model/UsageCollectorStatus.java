package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the usage collector of this server is doing: whether it runs, its state, which feed the proxy's version
 * gives ({@link UsageFeedKind}), how many new records it stored since it started, the store's last drain (by this
 * server or another that shares the store), and the last problem.
 */
public record UsageCollectorStatus(boolean enabled, State state, Optional<UsageFeedKind> feed,
                                   Optional<String> proxyVersion, long collected, Optional<UsageDrain> lastDrain,
                                   Optional<String> lastError, Optional<Instant> lastErrorAt, String store) {

    /** The collector's state, as the status answers it ({@link #id()}). */
    public enum State {
        /** Collection is off (the default; {@code --collect-usage} or {@code usage.enabled} turns it on). */
        OFF("off"),
        /** On, and no proxy answers on the port yet. */
        WAITING_FOR_PROXY("waiting-for-proxy"),
        /** Draining the proxy's feed every interval. */
        COLLECTING("collecting"),
        /** The proxy runs with {@code usage-statistics-enabled: false}: it records nothing to hand out. */
        STATISTICS_DISABLED("statistics-disabled"),
        /** The proxy has no usage feed (v6.10.0 to v6.10.7, or its management API is off): tried again rarely. */
        UNSUPPORTED("unsupported"),
        /** The proxy refused the management secret: tried again only rarely, or when the secret changes. */
        UNAUTHORIZED("unauthorized"),
        /** The last attempt failed (a timeout, an unexpected answer, the store): tried again at the next interval. */
        FAILING("failing");

        private final String id;

        State(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public UsageCollectorStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(proxyVersion, "proxyVersion");
        Objects.requireNonNull(lastDrain, "lastDrain");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
        Objects.requireNonNull(store, "store");
    }
}
