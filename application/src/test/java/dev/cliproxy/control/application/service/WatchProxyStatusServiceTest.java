package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.ProxyStatusChange.Kind;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The shared status watcher over a scripted status and session record. */
class WatchProxyStatusServiceTest {

    private static final int PORT = 8317;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AtomicReference<ProxyStatus> status = new AtomicReference<>(new ProxyStatus.NotRunning());
    private final AtomicReference<Optional<SessionRecord>> record = new AtomicReference<>(Optional.empty());
    private final WatchProxyStatusService watcher = new WatchProxyStatusService(status::get, new InMemoryProxySettings().port(PORT),
            new Sessions(), Duration.ofMillis(10));

    @Test
    void eachChangeIsToldOnceWithItsKind() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            assertEquals(Kind.CURRENT, next(changes).kind());

            set(running(7, 1), true);
            ProxyStatusChange started = next(changes);
            assertEquals(Kind.STARTED, started.kind());
            assertEquals(running(7, 1), started.status());

            set(running(7, 2), true);
            assertEquals(Kind.SESSIONS_CHANGED, next(changes).kind());

            set(new ProxyStatus.NotRunning(), false); // a stop clears the record
            assertEquals(Kind.STOPPED, next(changes).kind());

            set(running(8, 1), true);
            assertEquals(Kind.STARTED, next(changes).kind());
            set(new ProxyStatus.NotRunning(), true); // the process died while the record still names it
            assertEquals(Kind.CRASHED, next(changes).kind());

            set(running(9, 1), true);
            assertEquals(Kind.STARTED, next(changes).kind());
            set(running(10, 1), true); // replaced by another process between two polls
            assertEquals(Kind.STARTED, next(changes).kind());
        } finally {
            subscription.close();
        }
        assertNull(changes.poll(50, TimeUnit.MILLISECONDS), "nothing more: " + changes);
    }

    @Test
    void anUnrecordedProxyIsToldAfterASecondSighting() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            next(changes);
            status.set(new ProxyStatus.Running(PORT, OptionalLong.empty(), 0, Optional.empty()));
            ProxyStatusChange started = next(changes);
            assertEquals(Kind.STARTED, started.kind());
            assertTrue(started.status().running());
        } finally {
            subscription.close();
        }
    }

    @Test
    void thePollingThreadRunsExactlyWhileSomeoneListens() throws Exception {
        assertFalse(watcher.watching());
        WatchProxyStatusUseCase.Subscription first = watcher.watch(change -> { });
        WatchProxyStatusUseCase.Subscription second = watcher.watch(change -> { });
        assertTrue(watcher.watching());
        first.close();
        assertTrue(watcher.watching());
        second.close();
        second.close();
        assertFalse(watcher.watching());
    }

    @Test
    void aListenerThatFailsIsDroppedAndTheOthersStillHear() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        watcher.watch(change -> {
            if (change.kind() != Kind.CURRENT) {
                throw new IllegalStateException("gone");
            }
        });
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            next(changes);
            set(running(7, 1), true);
            assertEquals(Kind.STARTED, next(changes).kind());
            set(new ProxyStatus.NotRunning(), false);
            assertEquals(Kind.STOPPED, next(changes).kind());
        } finally {
            subscription.close();
        }
        assertFalse(watcher.watching(), "the failed listener no longer counts");
    }

    private void set(ProxyStatus next, boolean recorded) {
        record.set(recorded && next instanceof ProxyStatus.Running r
                ? Optional.of(recordOf(r.pid().getAsLong())) : recorded ? record.get() : Optional.empty());
        status.set(next);
    }

    private static ProxyStatus.Running running(long pid, int sessions) {
        return new ProxyStatus.Running(PORT, OptionalLong.of(pid), sessions, Optional.of(Instant.EPOCH));
    }

    private static SessionRecord recordOf(long pid) {
        return new SessionRecord(PORT, pid, List.of("s"), Instant.EPOCH, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }

    private static ProxyStatusChange next(BlockingQueue<ProxyStatusChange> changes) throws InterruptedException {
        ProxyStatusChange change = changes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(change, "no change told within " + WAIT);
        return change;
    }

    private final class Sessions implements SessionStorePort {
        @Override
        public Optional<SessionRecord> read(int port) {
            return record.get();
        }

        @Override
        public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
            return record.updateAndGet(change);
        }
    }

}
