package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.ListAlertsUseCase;
import dev.cliproxy.control.application.usecase.WatchAlertsUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AlertDelivery;
import dev.cliproxy.control.domain.model.AlertSettings;
import dev.cliproxy.control.domain.model.AlertsOverview;
import dev.cliproxy.control.domain.model.Webhook;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.WebhookPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells account alerts to the event stream's listeners at once, and posts each to the webhooks of the control
 * settings' {@code alerts} section that want it, through a bounded queue: {@link #publish} never waits, an alert that
 * does not fit is counted as dropped, and one thread makes the attempts, trying a failed one again after a growing
 * delay ({@link AlertDelivery#attempted}). The last deliveries are kept for {@code GET /alerts}.
 *
 * <p>{@link #deliverDue()} makes the attempts that are due by the injected clock: the thread calls it when an alert
 * comes and at least every {@code tick}, a test after moving a test clock. Deliveries still queued when the program
 * stops are lost.
 */
public final class AlertsService implements WatchAlertsUseCase, ListAlertsUseCase, AutoCloseable {

    public static final int DEFAULT_CAPACITY = 256;
    /** How many deliveries {@code GET /alerts} shows. */
    static final int KEPT = 50;
    private static final System.Logger LOG = System.getLogger(AlertsService.class.getName());

    private final ControlSettingsPort settingsFile;
    private final WebhookPort webhooks;
    private final Clock clock;
    private final int capacity;
    private final Duration tick;
    private final PeriodicTask sender;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** One sender at a time, so that no delivery is attempted twice at once. */
    private final ReentrantLock sending = new ReentrantLock();
    /** Guarded by {@link #lock}, as are the fields below: the deliveries not yet done, oldest first. */
    private final List<Queued> queue = new ArrayList<>();
    /** The last {@link #KEPT} deliveries by id, oldest first. */
    private final LinkedHashMap<String, AlertDelivery> recent = new LinkedHashMap<>();
    private long dropped;
    private AlertSettings lastGood = AlertSettings.DEFAULTS;
    private volatile boolean closed;

    /** A delivery with what it needs for its attempts: the webhook as it was when the alert came, and the alert. */
    private record Queued(AlertDelivery delivery, Webhook webhook, AccountAlert alert) {
    }

    /**
     * @param capacity how many deliveries may wait at once
     * @param tick     the longest the sending thread waits before it looks at the clock again
     */
    public AlertsService(ControlSettingsPort settingsFile, WebhookPort webhooks, Clock clock, int capacity,
                         Duration tick) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the alert queue holds at least one delivery");
        }
        this.settingsFile = settingsFile;
        this.webhooks = webhooks;
        this.clock = clock;
        this.capacity = capacity;
        this.tick = tick;
        this.sender = PeriodicTask.checkingFirst("cliproxy-alert-sender", "alert sending", this::untilNextLook,
                this::deliverDue);
    }

    @Override
    public WatchProxyStatusUseCase.Subscription watch(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells {@code alert} to the listeners and queues it for each webhook that wants it; never waits. */
    public void publish(AccountAlert alert) {
        for (Listener listener : listeners) {
            try {
                listener.alert(alert);
            } catch (RuntimeException e) {
                listeners.remove(listener); // its consumer is gone
            }
        }
        List<Webhook> targets = settings().webhooks().stream().filter(hook -> hook.wants(alert.kind())).toList();
        if (targets.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Webhook hook : targets) {
                if (queue.size() >= capacity) {
                    dropped++;
                    continue;
                }
                AlertDelivery delivery = AlertDelivery.queued(UUID.randomUUID().toString(), alert.kind(), hook,
                        clock.instant());
                queue.add(new Queued(delivery, hook, alert));
                keep(delivery);
            }
        } finally {
            lock.unlock();
        }
        sender.wake();
    }

    @Override
    public AlertsOverview alerts() {
        List<Webhook> hooks = settings().webhooks();
        lock.lock();
        try {
            List<AlertDelivery> newestFirst = new ArrayList<>(recent.values());
            Collections.reverse(newestFirst);
            return new AlertsOverview(hooks, newestFirst, queue.size(), capacity, dropped);
        } finally {
            lock.unlock();
        }
    }

    /** Makes every attempt that is due now, one after the other. */
    public void deliverDue() {
        sending.lock();
        try {
            Optional<Queued> next;
            while (!closed && (next = nextDue()).isPresent()) {
                attempt(next.get());
            }
        } finally {
            sending.unlock();
        }
    }

    /** The delivery due first, if one is due now. */
    private Optional<Queued> nextDue() {
        lock.lock();
        try {
            Instant now = clock.instant();
            return queue.stream()
                    .filter(q -> q.delivery().nextAttemptAt().filter(at -> !at.isAfter(now)).isPresent())
                    .min(Comparator.comparing(q -> q.delivery().nextAttemptAt().orElseThrow()));
        } finally {
            lock.unlock();
        }
    }

    private void attempt(Queued queued) {
        Optional<Integer> answer = Optional.empty();
        Optional<String> failure = Optional.empty();
        try {
            answer = Optional.of(webhooks.post(queued.webhook(), queued.alert(), queued.delivery().id(),
                    clock.instant()));
        } catch (ControlException e) {
            failure = Optional.of(e.detail().orElse(e.error()));
        } catch (RuntimeException e) {
            failure = Optional.of("the delivery failed");
            LOG.log(System.Logger.Level.DEBUG, "webhook {0} not posted: {1}", queued.webhook().name(), e.toString());
        }
        AlertDelivery after = queued.delivery().attempted(answer, failure, clock.instant());
        lock.lock();
        try {
            queue.remove(queued);
            if (after.state() == AlertDelivery.State.PENDING) {
                queue.add(new Queued(after, queued.webhook(), queued.alert()));
            }
            recent.replace(after.id(), after);
        } finally {
            lock.unlock();
        }
    }

    /** Sends on a virtual thread until {@link #close()}; a second call does nothing. */
    public void start() {
        sender.start();
    }

    /** How long the sender may wait: not at all while an attempt is due (one that came due meanwhile). */
    private Duration untilNextLook() {
        return nextDue().isPresent() ? Duration.ZERO : tick;
    }

    /** Stops sending; what is still queued is dropped. */
    @Override
    public void close() {
        closed = true;
        sender.close();
    }

    /** Remembers a new delivery, forgetting the oldest beyond {@link #KEPT}; called with {@link #lock} held. */
    private void keep(AlertDelivery delivery) {
        recent.put(delivery.id(), delivery);
        if (recent.size() > KEPT) {
            recent.remove(recent.keySet().iterator().next());
        }
    }

    /** The alerts section in force: the file's, the last good one while the file is broken. */
    private AlertSettings settings() {
        try {
            AlertSettings read = settingsFile.read().settings().alerts();
            lock.lock();
            try {
                lastGood = read;
            } finally {
                lock.unlock();
            }
            return read;
        } catch (ControlException e) {
            lock.lock();
            try {
                return lastGood;
            } finally {
                lock.unlock();
            }
        }
    }
}
