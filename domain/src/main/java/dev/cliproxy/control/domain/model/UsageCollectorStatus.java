package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the usage collector of this server is doing: whether it runs, the store it fills, and for each instance it
 * drains (this machine's proxy first, {@link UsageRecord#LOCAL}, then the fleet's proxies on other hosts) what it
 * is doing there.
 */
public record UsageCollectorStatus(boolean enabled, String store, List<Instance> instances) {

    /** The collector's state for one instance, as the status answers it ({@link #id()}). */
    public enum State {
        /** Collection is off (the default; {@code --collect-usage} or {@code usage.enabled} turns it on). */
        OFF("off"),
        /** On, and no proxy answers yet. */
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

    /**
     * One instance: its state, which feed the proxy's version gives ({@link UsageFeedKind}), how many new records
     * this server stored from it since it started, the store's last drain of it (by this server or another that
     * shares the store), when this server last committed a drain of it (an empty one too), and the last problem.
     */
    public record Instance(String instance, State state, Optional<UsageFeedKind> feed, Optional<String> proxyVersion,
                           long collected, Optional<UsageDrain> lastDrain, Optional<Instant> lastSuccessAt,
                           Optional<String> lastError, Optional<Instant> lastErrorAt) {

        public Instance {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(feed, "feed");
            Objects.requireNonNull(proxyVersion, "proxyVersion");
            Objects.requireNonNull(lastDrain, "lastDrain");
            Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(lastErrorAt, "lastErrorAt");
        }
    }

    public UsageCollectorStatus {
        Objects.requireNonNull(store, "store");
        instances = List.copyOf(instances);
        if (instances.isEmpty() || !instances.getFirst().instance().equals(UsageRecord.LOCAL)) {
            throw new IllegalArgumentException("the status of this machine's proxy comes first");
        }
    }

    /** This machine's proxy. */
    public Instance local() {
        return instances.getFirst();
    }

    /** The new records stored from every instance since this server started. */
    public long collected() {
        return instances.stream().mapToLong(Instance::collected).sum();
    }
}
