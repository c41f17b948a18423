package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The rule of the background loop: one thread from the first start to the close, a wait of the asked length between
 * two checks (cut short by a wake), a failing check followed by the next one, and a close that ends the thread.
 */
class PeriodicTaskTest {

    private static final long WAIT_SECONDS = 30;
    private static final Duration LONG = Duration.ofHours(1);
    /** How long a test looks for something that must not happen. */
    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void aSecondStartStartsNoSecondThread() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger checks = new AtomicInteger();
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> Duration.ofMillis(5),
                () -> {
                    threads.add(Thread.currentThread());
                    checks.incrementAndGet();
                });
        try {
            task.start();
            task.start();
            Await.until(() -> checks.get() >= 5, "five checks");
        } finally {
            task.close();
        }
        assertEquals(1, threads.size(), "every check ran on the one thread");
        Thread thread = threads.iterator().next();
        assertTrue(thread.isVirtual());
        assertEquals("test-periodic", thread.getName());
    }

    @Test
    void closeEndsTheThreadAndWaitsForIt() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        PeriodicTask task = startedOnce(thread);

        task.close();

        assertFalse(thread.get().isAlive(), "the thread ended within close, though its wait had an hour to go");
    }

    @Test
    void closeInterruptsACheckUnderWay() {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> LONG, () -> {
            checking.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        task.start();
        await(checking);

        task.close();

        assertEquals(0, interrupted.getCount(), "the blocked check was interrupted and ended before close returned");
    }

    @Test
    void aStopEndsTheWaitAtOnceWithoutWaitingForTheThread() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        PeriodicTask task = startedOnce(thread);
        try {
            task.stop();

            Await.until(() -> !thread.get().isAlive(), "the thread's end, though its wait had an hour to go");
        } finally {
            task.close();
        }
    }

    @Test
    void aStopFromTheCheckEndsTheLoopAfterItUninterrupted() {
        AtomicReference<PeriodicTask> self = new AtomicReference<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicInteger checks = new AtomicInteger();
        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        self.set(PeriodicTask.checkingFirst("test-periodic", "test check", () -> Duration.ZERO, () -> {
            thread.set(Thread.currentThread());
            checks.incrementAndGet();
            self.get().stop();
            interrupted.add(Thread.currentThread().isInterrupted());
        }));
        try {
            self.get().start();
            Await.until(() -> thread.get() != null && !thread.get().isAlive(), "the thread's end");
        } finally {
            self.get().close();
        }
        assertEquals(1, checks.get(), "no check after the stop, though the wait was none");
        assertEquals(List.of(false), interrupted, "the stopping check was not interrupted");
    }

    @Test
    void aFailingCheckDoesNotEndTheLoop() {
        AtomicInteger checks = new AtomicInteger();
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> Duration.ofMillis(5),
                () -> {
                    if (checks.incrementAndGet() <= 2) {
                        throw new IllegalStateException("a transient failure");
                    }
                });
        try {
            task.start();
            Await.until(() -> checks.get() >= 4, "the checks after the failing ones");
        } finally {
            task.close();
        }
    }

    @Test
    void aStartAfterCloseRunsNothing() throws InterruptedException {
        CountDownLatch checked = new CountDownLatch(1);
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> LONG, checked::countDown);

        task.close();
        task.start();

        assertFalse(checked.await(QUIET.toMillis(), TimeUnit.MILLISECONDS), "no thread after a close");
    }

    @Test
    void theWaitBetweenTwoChecksIsTheAskedOne() {
        Duration interval = Duration.ofMillis(150);
        List<Long> at = new CopyOnWriteArrayList<>();
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> interval,
                () -> at.add(System.nanoTime()));
        try {
            task.start();
            Await.until(() -> at.size() >= 3, "three checks");
        } finally {
            task.close();
        }
        List<Long> times = new ArrayList<>(at);
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            assertTrue(gap >= interval.toNanos(), "checks " + (i - 1) + " and " + i + " " + gap + " ns apart");
        }
    }

    @Test
    void waitingFirstAsksTheWaitBeforeTheFirstCheckCheckingFirstAfter() {
        for (boolean waitFirst : new boolean[] {true, false}) {
            AtomicInteger waits = new AtomicInteger();
            AtomicInteger waitsBeforeCheck = new AtomicInteger(-1);
            CountDownLatch checked = new CountDownLatch(1);
            Runnable check = () -> {
                waitsBeforeCheck.compareAndSet(-1, waits.get());
                checked.countDown();
            };
            PeriodicTask task = waitFirst
                    ? PeriodicTask.waitingFirst("test-periodic", "test check", () -> {
                        waits.incrementAndGet();
                        return Duration.ZERO;
                    }, check)
                    : PeriodicTask.checkingFirst("test-periodic", "test check", () -> {
                        waits.incrementAndGet();
                        return LONG;
                    }, check);
            try {
                task.start();
                await(checked);
            } finally {
                task.close();
            }
            assertEquals(waitFirst ? 1 : 0, waitsBeforeCheck.get(), "waits before the first check");
        }
    }

    @Test
    void aWakeEndsTheWaitAtOnceAndOnlyOnce() throws InterruptedException {
        AtomicInteger checks = new AtomicInteger();
        PeriodicTask task = PeriodicTask.waitingFirst("test-periodic", "test check", () -> LONG,
                checks::incrementAndGet);
        try {
            task.start();
            task.wake();
            Await.until(() -> checks.get() == 1, "the woken check");
            Thread.sleep(QUIET.toMillis());
            assertEquals(1, checks.get(), "after the woken check, the wait is the asked one again");
        } finally {
            task.close();
        }
    }

    @Test
    void aWakeBeforeTheWaitIsNotLost() {
        CountDownLatch firstChecking = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> LONG, () -> {
            if (checks.incrementAndGet() == 1) {
                firstChecking.countDown();
                await(woken);
            }
        });
        try {
            task.start();
            await(firstChecking);
            task.wake(); // while the first check runs: the wait after it is skipped
            woken.countDown();
            Await.until(() -> checks.get() == 2, "the check after the wake");
        } finally {
            task.close();
        }
    }

    /** A task started and past its first check, which set {@code thread} to its thread; its wait is an hour. */
    private static PeriodicTask startedOnce(AtomicReference<Thread> thread) {
        CountDownLatch checked = new CountDownLatch(1);
        PeriodicTask task = PeriodicTask.checkingFirst("test-periodic", "test check", () -> LONG, () -> {
            thread.set(Thread.currentThread());
            checked.countDown();
        });
        task.start();
        await(checked);
        return task;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "not within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
