package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetUsageCollectorStatusUseCase;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.ApiKeyIdentity;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Drains the running proxy's usage feed into the store, every {@code usage.interval} of the control settings, while
 * collection is on ({@code usage.enabled}, or forced by {@code --collect-usage}); and prunes records older than
 * {@code usage.retentionDays} in the background, once an hour, whether collection is on or not.
 *
 * <p>Nothing is lost, nothing counted twice: a popped batch is committed to the store before the next pop (a batch
 * whose commit failed is kept and committed first at the next turn, with no pop in between), and the store skips a
 * request id it holds. The feed is picked by the proxy's version ({@link UsageFeedKind}) from a probe that takes
 * nothing, made again when the proxy comes back or answers 404. A refused secret (the proxy bans an address after
 * a few) or a proxy without a feed is asked again only after {@link #RARE_RETRY}, or at once when the secret to
 * send has changed: never in a loop.
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
    private static final System.Logger LOG = System.getLogger(CollectUsageService.class.getName());

    private final UsageStorePort store;
    private final UsageFeedPort feed;
    private final ProxySettingsPort proxySettings;
    private final ControlSettingsPort controlSettings;
    private final boolean forced;
    private final String drainer;
    private final Clock clock;
    private final List<Consumer<List<UsageRecord>>> subscribers = new CopyOnWriteArrayList<>();
    /** Held by a turn (one at a time) and by {@link #start()}. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile UsageSettings lastGood = UsageSettings.DEFAULTS;
    /** Written by turns only; volatile so that the status reads them without waiting for a turn to end. */
    private volatile State state = State.OFF;
    private volatile Optional<UsageFeedKind> feedKind = Optional.empty();
    private volatile Optional<String> version = Optional.empty();
    private volatile long collected;
    private volatile Optional<String> lastError = Optional.empty();
    private volatile Optional<Instant> lastErrorAt = Optional.empty();
    /** Guarded by {@link #lock}, as are the fields below. Until when a refused or unsupported proxy is left alone. */
    private Instant quietUntil = Instant.MIN;
    /** The hash of the secret last refused: another secret is tried at once. */
    private Optional<String> refusedSecret = Optional.empty();
    /** A popped batch whose commit failed: committed before anything is popped again. */
    private Optional<UsageFeedAnswer.Records> uncommitted = Optional.empty();
    private Instant nextPrune = Instant.MIN;
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param forced  whether collection is on whatever {@code usage.enabled} says ({@code --collect-usage})
     * @param drainer how the store's drain marks name this server ({@code cliproxy-control on host, pid N})
     */
    public CollectUsageService(UsageStorePort store, UsageFeedPort feed, ProxySettingsPort proxySettings,
                               ControlSettingsPort controlSettings, boolean forced, String drainer, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.proxySettings = proxySettings;
        this.controlSettings = controlSettings;
        this.forced = forced;
        this.drainer = drainer;
        this.clock = clock;
    }

    /** Runs a turn every {@code usage.interval} on a virtual thread until {@link #close()}; once only. */
    public void start() {
        lock.lock();
        try {
            if (thread != null || closed) {
                return;
            }
            thread = Thread.ofVirtual().name("cliproxy-usage-collector").start(this::run);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            try {
                turn();
                Thread.sleep(settings().interval());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "usage collection failed: {0}", e.getMessage());
            }
        }
    }

    /** Ends the turns (one in progress finishes its commit first). */
    @Override
    public void close() {
        closed = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hands each set of newly stored records to {@code subscriber} (on the collector's thread; it must be quick).
     * Returns what ends the subscription.
     */
    public Runnable subscribe(Consumer<List<UsageRecord>> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** One turn: prunes when due, then drains the feed when collection is on. */
    public void turn() {
        lock.lock();
        try {
            UsageSettings settings = settings();
            pruneWhenDue(settings);
            if (!(forced || settings.enabled())) {
                state = State.OFF;
                return;
            }
            collect();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public UsageCollectorStatus status() {
        UsageSettings settings = settings();
        Optional<UsageDrain> lastDrain;
        try {
            lastDrain = store.lastDrain(UsageRecord.LOCAL);
        } catch (ControlException e) {
            lastDrain = Optional.empty();
        }
        boolean on = forced || settings.enabled();
        return new UsageCollectorStatus(on, on ? state : State.OFF, feedKind, version, collected, lastDrain,
                lastError, lastErrorAt, store.kind());
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

    private void collect() {
        if (uncommitted.isPresent() && !commit(uncommitted.get())) {
            return;
        }
        int port = proxySettings.lifecyclePort();
        Optional<String> secret = proxySettings.managementSecret(port);
        if (secret.isEmpty()) {
            fail(State.UNAUTHORIZED, "no management secret is known for the proxy on port " + port
                    + ": set cliproxy.auth.management_secret in the ccs settings");
            return;
        }
        String secretHash = ApiKeyIdentity.hash(secret.get());
        boolean secretChanged = refusedSecret.isPresent() && !refusedSecret.get().equals(secretHash);
        if (clock.instant().isBefore(quietUntil) && !secretChanged) {
            return;
        }
        if (feedKind.isEmpty() && !probe(port, secret.get(), secretHash)) {
            return;
        }
        List<String> keys = proxySettings.apiKeys(port);
        String ccsKey = proxySettings.clientKeys().apiKey();
        if (feedKind.get() == UsageFeedKind.LEGACY) {
            handle(feed.history(port, secret.get(), keys, ccsKey), secretHash);
            return;
        }
        for (int pops = 0; pops < MAX_POPS_PER_TURN && !closed; pops++) {
            UsageFeedAnswer answer = feed.pop(port, secret.get(), BATCH, keys, ccsKey);
            if (!handle(answer, secretHash) || ((UsageFeedAnswer.Records) answer).records().size() < BATCH) {
                return;
            }
        }
    }

    /** Learns the proxy's version and whether it records usage; whether collection can go on. */
    private boolean probe(int port, String secret, String secretHash) {
        UsageFeedAnswer answer = feed.probe(port, secret);
        if (!(answer instanceof UsageFeedAnswer.Probed probed)) {
            handle(answer, secretHash);
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
            quiet(State.STATISTICS_DISABLED, "the proxy records no usage: set usage-statistics-enabled: true in its"
                    + " config", STATISTICS_RETRY);
            return false;
        }
        feedKind = Optional.of(kind);
        return true;
    }

    /** Acts on one answer; whether records came (and were committed). */
    private boolean handle(UsageFeedAnswer answer, String secretHash) {
        switch (answer) {
            case UsageFeedAnswer.Records records -> {
                refusedSecret = Optional.empty();
                records.version().ifPresent(v -> version = Optional.of(v));
                return commit(records);
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
                        + "); it is tried again in " + RARE_RETRY.toMinutes() + " minutes, or as soon as the secret"
                        + " changes (cliproxy.auth.management_secret of the ccs settings)", RARE_RETRY);
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
        try {
            Optional<UsageDrain> mark = batch.records().isEmpty() ? Optional.empty()
                    : Optional.of(new UsageDrain(UsageRecord.LOCAL, drainer, clock.instant(), batch.records().size()));
            stored = store.store(batch.records(), mark);
        } catch (ControlException e) {
            uncommitted = Optional.of(batch);
            fail(State.FAILING, "storing " + batch.records().size() + " usage records failed (kept to try again): "
                    + e.getMessage());
            return false;
        }
        uncommitted = Optional.empty();
        collected += stored.size();
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
