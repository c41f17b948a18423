package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetUsageCollectorStatusUseCase;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageCollectorStatus.State;
import dev.cliproxy.control.domain.model.UsageDrain;
import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import dev.cliproxy.control.domain.model.UsageFeedKind;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageSettings;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import dev.cliproxy.control.domain.port.UsageStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drains the usage feeds of this machine's proxy and of every other proxy of the fleet (those the {@code ccs} CLI
 * runs on other ports of the CCS directory, and those on other hosts) into the one store, every {@code usage.interval} of the control settings, while collection is on ({@code usage.enabled}, or
 * forced by {@code --collect-usage}); and prunes records older than {@code usage.retentionDays} in the background,
 * once an hour, whether collection is on or not.
 *
 * <p>Each instance is drained on its own virtual thread, by the same rule, so a slow or dead one holds up no other.
 * Nothing is lost, nothing counted twice: a popped batch is committed to the store before the next pop of its
 * instance (a batch whose commit failed is kept and committed first at the next turn, with no pop in between), its
 * records are stored as the instance's ({@link UsageRecord#instance()}), and the store skips a key it holds. The
 * feed is picked by the proxy's version ({@link UsageFeedKind}) from a probe that takes nothing, made again when the
 * proxy comes back or answers 404. A refused secret (the proxy bans an address after a few) or a proxy without a
 * feed is asked again only after {@link #RARE_RETRY}, or at once when the secret to send has changed: never in a
 * loop.
 */
public final class CollectUsageService implements GetUsageCollectorStatusUseCase, AutoCloseable {

    /** Records asked for per pop. */
    public static final int BATCH = 1000;
    /** Pops per turn at most, so that a long backlog does not hold the thread (the next turn goes on). */
    static final int MAX_POPS_PER_TURN = 100;
    /** How long a refused secret or a proxy without a usage feed waits before the next try. */
    public static final Duration RARE_RETRY = Duration.ofMinutes(10);
    /** How long a proxy recording no usage ({@code usage-statistics-enabled: false}) waits before the next probe. */
    static final Duration STATISTICS_RETRY = Duration.ofMinutes(1);
    /** How often old records are pruned. */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** How long {@link #close()} waits for the drains in progress to commit. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(CollectUsageService.class.getName());

    /**
     * Where one instance's usage comes from: its name in the store ({@link UsageRecord#instance()}), its feed, its
     * settings (the port, the management secret and the keys to name), and where a person sets its secret (for the
     * status' messages).
     */
    public record Source(String instance, UsageFeedPort feed, ProxySettingsPort settings, String secretSetting) {

        public Source {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(feed, "feed");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(secretSetting, "secretSetting");
        }

        /** Where the proxies of this machine take their management secret from, unless their config holds it. */
        static final String LOCAL_SECRET = "cliproxy.auth.management_secret of the ccs settings";

        /** The proxy of this machine's current port, named {@link UsageRecord#LOCAL}. */
        public static Source local(UsageFeedPort feed, ProxySettingsPort settings) {
            return new Source(UsageRecord.LOCAL, feed, settings, LOCAL_SECRET);
        }

        /**
         * A proxy of another port of the CCS directory (the {@code ccs} CLI's, for a variant with a port of its
         * own), named by its fleet id ({@code local-<port>}); {@code settings} are bound to that port.
         */
        public static Source otherPort(FleetInstance.Local instance, UsageFeedPort feed, ProxySettingsPort settings) {
            return new Source(instance.id(), feed, settings, LOCAL_SECRET);
        }

        /** A fleet instance on another host, named by its id, whose secret is its management key. */
        public static Source remote(FleetInstance.Remote instance, UsageFeedPort feed, ProxySettingsPort settings) {
            return new Source(instance.id(), feed, settings, instance.id().equals(FleetInstance.CCS_REMOTE_ID)
                    ? "management_key of the ccs settings' cliproxy_server.remote"
                    : "the managementKey of fleet instance " + instance.id() + " (register it again with one)");
        }
    }

    private final UsageStorePort store;
    private final Source local;
    private final Supplier<List<Source>> remotes;
    private final ControlSettingsPort controlSettings;
    private final boolean forced;
    private final String drainer;
    private final Clock clock;
    private final PeriodicTask turns;
    private final List<Consumer<List<UsageRecord>>> subscribers = new CopyOnWriteArrayList<>();
    /** Held by a prune: one at a time. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile UsageSettings lastGood = UsageSettings.DEFAULTS;
    private volatile List<Source> lastRemotes = List.of();
    /** Each instance's collection, by instance name; instances gone from the fleet are dropped. */
    private final Map<String, InstanceCollection> collections = new ConcurrentHashMap<>();
    /** The drains running, which {@link #close()} waits for. */
    private final Set<Thread> drains = ConcurrentHashMap.newKeySet();
    /** Guarded by {@link #lock}. */
    private Instant nextPrune = Instant.MIN;
    private volatile boolean closed;

    /**
     * @param local   this machine's proxy ({@link Source#local})
     * @param remotes the fleet's other proxies, asked at each turn ({@link Source#otherPort}, {@link Source#remote});
     *                when it fails, the last answer holds
     * @param forced  whether collection is on whatever {@code usage.enabled} says ({@code --collect-usage})
     * @param drainer how the store's drain marks name this server ({@code cliproxy-control pid N})
     */
    public CollectUsageService(UsageStorePort store, Source local, Supplier<List<Source>> remotes,
                               ControlSettingsPort controlSettings, boolean forced, String drainer, Clock clock) {
        this.store = store;
        this.local = local;
        this.remotes = remotes;
        this.controlSettings = controlSettings;
        this.forced = forced;
        this.drainer = drainer;
        this.clock = clock;
        this.turns = PeriodicTask.checkingFirst("cliproxy-usage-collector", "usage collection",
                () -> settings().interval(), this::startDrains);
    }

    /** Runs a turn every {@code usage.interval} on a virtual thread until {@link #close()}; once only. */
    public void start() {
        turns.start();
    }

    /** A turn of the thread: an instance still draining from the last turn (a slow proxy) is left to finish. */
    private void startDrains() {
        for (InstanceCollection collection : due()) {
            if (collection.busy.compareAndSet(false, true)) {
                drainOnItsThread(collection, () -> collection.busy.set(false));
            }
        }
    }

    /**
     * Ends the turns: no drain starts any more, and those in progress finish their commits (waited for up to
     * {@link #CLOSE_WAIT}).
     */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        turns.close();
        try {
            // The turns have ended: no drain starts after this copy.
            for (Thread drain : List.copyOf(drains)) {
                drain.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands each set of newly stored records to {@code subscriber} (on a collector's thread; it must be quick).
     * Returns what ends the subscription.
     */
    public Runnable subscribe(Consumer<List<UsageRecord>> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /**
     * One turn, on the caller's thread: prunes when due, then, when collection is on, drains every instance (each
     * on its own thread, after any drain of it in progress) and returns when all are done.
     */
    public void turn() {
        List<Thread> started = new ArrayList<>();
        for (InstanceCollection collection : due()) {
            started.add(drainOnItsThread(collection, () -> { }));
        }
        for (Thread drain : started) {
            try {
                drain.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Prunes when due; the instances to drain now: none while collection is off. */
    private List<InstanceCollection> due() {
        UsageSettings settings = settings();
        lock.lock();
        try {
            pruneWhenDue(settings);
        } finally {
            lock.unlock();
        }
        return forced || settings.enabled() ? current() : List.of();
    }

    private Thread drainOnItsThread(InstanceCollection collection, Runnable then) {
        Thread drain = Thread.ofVirtual().name("cliproxy-usage-" + collection.source.instance()).unstarted(() -> {
            try {
                collection.drain();
            } finally {
                then.run();
                drains.remove(Thread.currentThread());
            }
        });
        drains.add(drain);
        drain.start();
        return drain;
    }

    @Override
    public UsageCollectorStatus status() {
        boolean on = forced || settings().enabled();
        List<UsageCollectorStatus.Instance> instances = new ArrayList<>();
        for (InstanceCollection collection : current()) {
            instances.add(collection.status(on));
        }
        return new UsageCollectorStatus(on, store.kind(), instances);
    }

    /**
     * The collections of this machine's proxy and of the fleet's other proxies, in that order. Another instance
     * of the same name as one before it (an instance registered as {@code local}) is left out: its records would
     * mix with the other's.
     */
    private List<InstanceCollection> current() {
        try {
            lastRemotes = List.copyOf(remotes.get());
        } catch (ControlException e) {
            // the fleet's settings mid-replacement, or broken by hand: the last good list holds meanwhile
        }
        Map<String, Source> sources = new LinkedHashMap<>();
        sources.put(local.instance(), local);
        lastRemotes.forEach(remote -> sources.putIfAbsent(remote.instance(), remote));
        collections.keySet().retainAll(sources.keySet());
        List<InstanceCollection> current = new ArrayList<>(sources.size());
        sources.forEach((name, source) -> {
            InstanceCollection collection = collections.computeIfAbsent(name, n -> new InstanceCollection(source));
            collection.source = source;
            current.add(collection);
        });
        return current;
    }

    /** The usage section of the control settings; while the file cannot be read, the last good one. */
    private UsageSettings settings() {
        try {
            lastGood = controlSettings.read().settings().usage();
        } catch (ControlException e) {
            // a file mid-replacement, or broken by hand: the last good settings hold meanwhile
        }
        return lastGood;
    }

    private void pruneWhenDue(UsageSettings settings) {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        try {
            long pruned = store.prune(now.minus(settings.retention()));
            if (pruned > 0) {
                LOG.log(System.Logger.Level.INFO, "pruned {0} usage records older than {1} days", pruned,
                        settings.retentionDays());
            }
        } catch (ControlException e) {
            nextPrune = now.plus(settings.interval());
            LOG.log(System.Logger.Level.WARNING, "pruning the usage history failed: {0}", e.getMessage());
        }
    }

    /** The collection of one instance: its drains one at a time, what it learnt of its proxy, and its status. */
    private final class InstanceCollection {

        /** Held by a drain of this instance. */
        private final ReentrantLock draining = new ReentrantLock();
        /** Set while a drain of the background turns runs, so that a slow one is not started again. */
        private final AtomicBoolean busy = new AtomicBoolean();
        /** The latest source (its settings may have changed); read by each drain. */
        private volatile Source source;
        /** Written by drains only; volatile so that the status reads them without waiting for a drain to end. */
        private volatile State state = State.OFF;
        private volatile Optional<UsageFeedKind> feedKind = Optional.empty();
        private volatile Optional<String> version = Optional.empty();
        private volatile long collected;
        private volatile Optional<Instant> lastSuccessAt = Optional.empty();
        private volatile Optional<String> lastError = Optional.empty();
        private volatile Optional<Instant> lastErrorAt = Optional.empty();
        /** Guarded by {@link #draining}, as are the fields below. Until when a refused or unsupported proxy waits. */
        private Instant quietUntil = Instant.MIN;
        /** The hash of the secret last refused: another secret is tried at once. */
        private Optional<String> refusedSecret = Optional.empty();
        /** A popped batch whose commit failed: committed before anything is popped again. */
        private Optional<UsageFeedAnswer.Records> uncommitted = Optional.empty();

        InstanceCollection(Source source) {
            this.source = source;
        }

        UsageCollectorStatus.Instance status(boolean on) {
            Optional<UsageDrain> lastDrain;
            try {
                lastDrain = store.lastDrain(source.instance());
            } catch (ControlException e) {
                lastDrain = Optional.empty();
            }
            return new UsageCollectorStatus.Instance(source.instance(), on ? state : State.OFF, feedKind, version,
                    collected, lastDrain, lastSuccessAt, lastError, lastErrorAt);
        }

        void drain() {
            draining.lock();
            try {
                if (!closed) {
                    collect(source);
                }
            } catch (RuntimeException e) {
                // A fault of an adapter or of ours: said in the status, and tried again at the next turn.
                LOG.log(System.Logger.Level.WARNING, "collecting the usage of " + source.instance() + " failed", e);
                fail(State.FAILING, "collecting failed unexpectedly (" + e.getClass().getSimpleName()
                        + "): see the server log");
            } finally {
                draining.unlock();
            }
        }

        private void collect(Source from) {
            if (uncommitted.isPresent() && !commit(uncommitted.get())) {
                return;
            }
            ProxySettingsPort settings = from.settings();
            int port = settings.lifecyclePort();
            Optional<String> secret = settings.managementSecret(port);
            if (secret.isEmpty()) {
                fail(State.UNAUTHORIZED, "no management secret is known for instance " + from.instance() + ": set "
                        + from.secretSetting());
                return;
            }
            String secretHash = ApiKeyIdentity.hash(secret.get());
            boolean secretChanged = refusedSecret.isPresent() && !refusedSecret.get().equals(secretHash);
            if (clock.instant().isBefore(quietUntil) && !secretChanged) {
                return;
            }
            UsageFeedPort feed = from.feed();
            if (feedKind.isEmpty() && !probe(feed, port, secret.get(), secretHash, from)) {
                return;
            }
            List<String> keys = settings.apiKeys(port);
            String ccsKey = settings.clientKeys().apiKey();
            if (feedKind.get() == UsageFeedKind.LEGACY) {
                handle(feed.history(port, secret.get(), keys, ccsKey), secretHash, from);
                return;
            }
            for (int pops = 0; pops < MAX_POPS_PER_TURN && !closed; pops++) {
                UsageFeedAnswer answer = feed.pop(port, secret.get(), BATCH, keys, ccsKey);
                if (!handle(answer, secretHash, from) || ((UsageFeedAnswer.Records) answer).records().size() < BATCH) {
                    return;
                }
            }
        }

        /** Learns the proxy's version and whether it records usage; whether collection can go on. */
        private boolean probe(UsageFeedPort feed, int port, String secret, String secretHash, Source from) {
            UsageFeedAnswer answer = feed.probe(port, secret);
            if (!(answer instanceof UsageFeedAnswer.Probed probed)) {
                handle(answer, secretHash, from);
                return false;
            }
            version = probed.version();
            UsageFeedKind kind = UsageFeedKind.forVersion(version);
            if (kind == UsageFeedKind.NONE) {
                quiet(State.UNSUPPORTED, "CLIProxyAPI " + version.orElse("") + " hands out no usage records"
                        + " (v6.10.0 to v6.10.7): upgrade it to v6.10.8 or later", RARE_RETRY);
                return false;
            }
            if (!probed.statisticsEnabled()) {
                quiet(State.STATISTICS_DISABLED, "the proxy records no usage: set usage-statistics-enabled: true in"
                        + " its config", STATISTICS_RETRY);
                return false;
            }
            feedKind = Optional.of(kind);
            return true;
        }

        /** Acts on one answer; whether records came (and were committed). */
        private boolean handle(UsageFeedAnswer answer, String secretHash, Source from) {
            switch (answer) {
                case UsageFeedAnswer.Records records -> {
                    refusedSecret = Optional.empty();
                    records.version().ifPresent(v -> version = Optional.of(v));
                    // Whatever instance a feed names, the records are the instance's it was asked of.
                    return commit(new UsageFeedAnswer.Records(records.records().stream()
                            .map(record -> record.withInstance(from.instance())).toList(), records.version()));
                }
                case UsageFeedAnswer.Probed probed -> throw new IllegalStateException("a probe answers only probe()");
                case UsageFeedAnswer.NotServed notServed -> {
                    // A proxy replaced by another version, or one whose management API is off: probe again, rarely.
                    feedKind = Optional.empty();
                    notServed.version().ifPresent(v -> version = Optional.of(v));
                    quiet(State.UNSUPPORTED, "the proxy's management API answered 404: it has no usage feed, or no"
                            + " remote-management.secret-key is set in its config", RARE_RETRY);
                }
                case UsageFeedAnswer.Refused refused -> {
                    refusedSecret = Optional.of(secretHash);
                    quiet(State.UNAUTHORIZED, "the proxy refused the management secret (HTTP " + refused.status()
                            + "); it is tried again in " + RARE_RETRY.toMinutes() + " minutes, or as soon as the"
                            + " secret changes (" + from.secretSetting() + ")", RARE_RETRY);
                }
                case UsageFeedAnswer.Unreachable unreachable -> {
                    // It may come back as another version: probe again then.
                    feedKind = Optional.empty();
                    state = State.WAITING_FOR_PROXY;
                }
                case UsageFeedAnswer.Failed failed -> fail(State.FAILING, failed.reason());
            }
            return false;
        }

        /** Commits a batch, or keeps it to commit first at the next turn; whether it was committed. */
        private boolean commit(UsageFeedAnswer.Records batch) {
            List<UsageRecord> stored;
            Instant now = clock.instant();
            try {
                Optional<UsageDrain> mark = batch.records().isEmpty() ? Optional.empty()
                        : Optional.of(new UsageDrain(source.instance(), drainer, now, batch.records().size()));
                stored = store.store(batch.records(), mark);
            } catch (ControlException e) {
                uncommitted = Optional.of(batch);
                fail(State.FAILING, "storing " + batch.records().size() + " usage records failed (kept to try"
                        + " again): " + e.getMessage());
                return false;
            }
            uncommitted = Optional.empty();
            collected += stored.size();
            lastSuccessAt = Optional.of(now);
            state = State.COLLECTING;
            if (!stored.isEmpty()) {
                for (Consumer<List<UsageRecord>> subscriber : subscribers) {
                    try {
                        subscriber.accept(stored);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "a usage subscriber failed: {0}", e.toString());
                    }
                }
            }
            return true;
        }

        private void quiet(State newState, String reason, Duration wait) {
            fail(newState, reason);
            quietUntil = clock.instant().plus(wait);
        }

        private void fail(State newState, String reason) {
            state = newState;
            lastError = Optional.of(reason);
            lastErrorAt = Optional.of(clock.instant());
        }
    }
}
