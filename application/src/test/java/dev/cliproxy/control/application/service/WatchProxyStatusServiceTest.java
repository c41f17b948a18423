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
import dev.cliproxy.control.testkit.Await;
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

    @Test
    void aProxyThatAnswersAMomentBeforeItsRecordIsToldOnceWithItsPid() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusService scripted = scripted(new ProxyStatus.NotRunning(),
                new ProxyStatus.Running(PORT, OptionalLong.empty(), 0, Optional.empty()), running(7, 1));
        WatchProxyStatusUseCase.Subscription subscription = scripted.watch(changes::add);
        try {
            assertEquals(Kind.CURRENT, next(changes).kind());
            assertEquals(new ProxyStatusChange(Kind.STARTED, running(7, 1)), next(changes));
            assertNull(changes.poll(200, TimeUnit.MILLISECONDS), "told once: " + changes);
        } finally {
            subscription.close();
        }
    }

    @Test
    void theSamePidOnAnotherPortIsAnotherProxy() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        ProxyStatus.Running elsewhere = new ProxyStatus.Running(9000, OptionalLong.of(7), 1, Optional.of(Instant.EPOCH));
        WatchProxyStatusUseCase.Subscription subscription = scripted(running(7, 1), elsewhere).watch(changes::add);
        try {
            assertEquals(Kind.CURRENT, next(changes).kind());
            assertEquals(new ProxyStatusChange(Kind.STARTED, elsewhere), next(changes));
        } finally {
            subscription.close();
        }
    }

    @Test
    void aProxyWhoseRecordNamesAnotherProcessStoppedRatherThanCrashed() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            next(changes);
            set(running(7, 1), true);
            assertEquals(Kind.STARTED, next(changes).kind());
            record.set(Optional.of(recordOf(8)));
            status.set(new ProxyStatus.NotRunning());
            assertEquals(Kind.STOPPED, next(changes).kind());
        } finally {
            subscription.close();
        }
    }

    @Test
    void askingWhetherItWatchesNeverHoldsUpTheWatch() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusUseCase.Subscription other = watcher.watch(change -> { });
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            next(changes);
            other.close();
            assertTrue(watcher.watching());
            set(running(7, 1), true);
            assertEquals(Kind.STARTED, next(changes).kind());
        } finally {
            subscription.close();
        }
    }

    @Test
    void whenItsOnlyListenerFailsThePollingStops() throws Exception {
        watcher.watch(change -> {
            if (change.kind() != Kind.CURRENT) {
                throw new IllegalStateException("gone");
            }
        });
        set(running(7, 1), true);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (watcher.watching() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(watcher.watching());
    }

    @Test
    void aPublishedChangeIsToldToEveryListenerAndTheWatchGoesOn() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        watcher.watch(change -> {
            if (change.kind() != Kind.CURRENT) {
                throw new IllegalStateException("gone");
            }
        });
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            next(changes);
            // As the supervisor does: the restarted proxy runs (and the polls may see it) before it is published.
            set(running(9, 0), true);
            assertEquals(Kind.STARTED, next(changes).kind());
            ProxyStatusChange restarted = new ProxyStatusChange(Kind.RESTARTED, running(9, 0));
            watcher.publish(restarted);
            assertEquals(restarted, next(changes));
            set(running(7, 1), true);
            assertEquals(Kind.STARTED, next(changes).kind(), "polling goes on after a published change");
        } finally {
            subscription.close();
        }
        assertFalse(watcher.watching(), "the listener that failed on the published change was dropped");
    }

    /**
     * The page showed a restarted proxy running for good after it was stopped: the supervisor told it running, no
     * poll saw it so before the stop, and the polls, comparing with what they had seen (nothing running), told
     * nothing.
     */
    @Test
    void aRestartedProxyStoppedBeforeAnyPollSawItRunningIsToldStopped() throws Exception {
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusUseCase.Subscription subscription = watcher.watch(changes::add);
        try {
            assertEquals(Kind.CURRENT, next(changes).kind());
            ProxyStatusChange restarted = new ProxyStatusChange(Kind.RESTARTED, running(9, 1));
            watcher.publish(restarted); // the polls only ever see nothing running
            assertEquals(restarted, next(changes));
            ProxyStatusChange stopped = next(changes);
            assertEquals(Kind.STOPPED, stopped.kind());
            assertFalse(stopped.status().running());
        } finally {
            subscription.close();
        }
        assertNull(changes.poll(50, TimeUnit.MILLISECONDS), "nothing more: " + changes);
    }

    /** A look begun before a running proxy was published may predate it: it tells nothing, the next look does. */
    @Test
    void aLookBegunBeforeAPublishedStartTellsNothing() throws Exception {
        java.util.concurrent.CountDownLatch looking = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        WatchProxyStatusService slow = new WatchProxyStatusService(() -> {
            if (looks.incrementAndGet() == 2) { // the first poll's look, begun before the restart is told
                looking.countDown();
                await(published);
                return new ProxyStatus.NotRunning();
            }
            return status.get();
        }, new InMemoryProxySettings().port(PORT), new Sessions(), Duration.ofMillis(10));
        BlockingQueue<ProxyStatusChange> changes = new LinkedBlockingQueue<>();
        WatchProxyStatusUseCase.Subscription subscription = slow.watch(changes::add);
        try {
            assertEquals(Kind.CURRENT, next(changes).kind());
            assertTrue(looking.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            set(running(9, 1), true);
            ProxyStatusChange restarted = new ProxyStatusChange(Kind.RESTARTED, running(9, 1));
            slow.publish(restarted);
            published.countDown();
            assertEquals(restarted, next(changes));
            Await.until(() -> looks.get() >= 4, "two more looks");
        } finally {
            subscription.close();
        }
        assertNull(changes.poll(50, TimeUnit.MILLISECONDS), "no stop told from the look that predates the restart: "
                + changes);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whenItsOnlyListenerFailsOnAPublishedChangeThePollingStopsAtOnce() {
        watcher.watch(change -> {
            if (change.kind() != Kind.CURRENT) {
                throw new IllegalStateException("gone");
            }
        });
        watcher.publish(new ProxyStatusChange(Kind.RESTARTED, running(9, 0)));
        assertFalse(watcher.watching());
    }

    /** A watcher over statuses that follow one another at each poll, the last one staying. */
    private WatchProxyStatusService scripted(ProxyStatus... statuses) {
        java.util.Deque<ProxyStatus> script = new java.util.ArrayDeque<>(List.of(statuses));
        return new WatchProxyStatusService(() -> script.size() > 1 ? script.poll() : script.peek(),
                new InMemoryProxySettings().port(PORT), new Sessions(), Duration.ofMillis(10));
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
