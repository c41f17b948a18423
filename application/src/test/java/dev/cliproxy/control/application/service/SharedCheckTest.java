package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The rule of a shared check: every caller gets the result of a check begun after its call, and the callers that
 * arrive while one runs share the next.
 */
class SharedCheckTest {

    private static final long WAIT_SECONDS = 30;

    @Test
    void aLoneCallerRunsTheCheckEachTime() {
        AtomicInteger checks = new AtomicInteger();
        SharedCheck<Integer> shared = new SharedCheck<>(checks::incrementAndGet);

        assertEquals(1, shared.get());
        assertEquals(2, shared.get(), "a finished check is never reused");
        assertEquals(2, checks.get());
    }

    @Test
    void callersWhoArriveWhileACheckRunsShareTheNextOneNotTheRunningOne() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        SharedCheck<Integer> shared = new SharedCheck<>(() -> {
            int n = checks.incrementAndGet();
            if (n == 1) {
                firstRunning.countDown();
                await(releaseFirst);
            }
            return n;
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(shared::get);
            await(firstRunning);
            List<Future<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(threads.submit(shared::get));
            }
            // The five are waiting (they cannot finish before the first check does) once they all joined a round.
            awaitJoined(shared, 6);
            releaseFirst.countDown();

            assertEquals(1, first.get(WAIT_SECONDS, TimeUnit.SECONDS));
            for (Future<Integer> call : later) {
                assertEquals(2, call.get(WAIT_SECONDS, TimeUnit.SECONDS),
                        "arrived while check 1 ran: answered by check 2, begun after them");
            }
        }
        assertEquals(2, checks.get(), "six callers, two checks");
    }

    @Test
    void aCallerArrivingWhileTheOpenerGathersSharesItsRound() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        List<Future<Integer>> second = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicReference<SharedCheck<Integer>> shared = new AtomicReference<>();
            shared.set(new SharedCheck<>(checks::incrementAndGet, () -> {
                if (second.isEmpty()) {
                    second.add(threads.submit(() -> shared.get().get()));
                    awaitJoined(shared.get(), 2); // the second caller reaches the round that has not begun
                }
            }));

            assertEquals(1, shared.get().get());
            assertEquals(1, second.getFirst().get(WAIT_SECONDS, TimeUnit.SECONDS), "it joined the gathering round");
        }
        assertEquals(1, checks.get());
    }

    @Test
    void theOpenerGathersAgainWhileCallersKeepArriving() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger gathers = new AtomicInteger();
        List<Future<Integer>> joiners = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicReference<SharedCheck<Integer>> shared = new AtomicReference<>();
            shared.set(new SharedCheck<>(checks::incrementAndGet, () -> {
                int gather = gathers.incrementAndGet();
                if (gather <= 3) { // a caller arrives during each of the first three gathers
                    joiners.add(threads.submit(() -> shared.get().get()));
                    awaitJoined(shared.get(), 1 + gather);
                }
            }));

            assertEquals(1, shared.get().get());
            for (Future<Integer> joiner : joiners) {
                assertEquals(1, joiner.get(WAIT_SECONDS, TimeUnit.SECONDS), "it joined the gathering round");
            }
        }
        assertEquals(4, gathers.get(), "three gathers with an arrival, then one without");
        assertEquals(1, checks.get());
    }

    @Test
    void theOpenerGathersAtMostABoundedNumberOfTimes() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger gathers = new AtomicInteger();
        List<Future<Integer>> joiners = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicReference<SharedCheck<Integer>> shared = new AtomicReference<>();
            shared.set(new SharedCheck<>(checks::incrementAndGet, () -> {
                if (checks.get() == 0) { // callers arrive without end while the first round gathers
                    int gather = gathers.incrementAndGet();
                    joiners.add(threads.submit(() -> shared.get().get()));
                    awaitJoined(shared.get(), 1 + gather);
                }
            }));

            assertEquals(1, shared.get().get());
            for (Future<Integer> joiner : joiners) {
                assertEquals(1, joiner.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
        }
        assertEquals(SharedCheck.MAX_GATHERS, gathers.get());
        assertEquals(1, checks.get());
    }

    @Test
    void everyAnswerComesFromACheckBegunAfterItsCall() throws Exception {
        AtomicLong clock = new AtomicLong();
        // The check answers the tick at which it began; a caller notes the tick at which it called.
        SharedCheck<Long> shared = new SharedCheck<>(() -> {
            long begun = clock.incrementAndGet();
            Thread.onSpinWait();
            return begun;
        });
        int callers = 8;
        int calls = 500;
        AtomicInteger stale = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                running.add(threads.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        long called = clock.incrementAndGet();
                        if (shared.get() <= called) {
                            stale.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> thread : running) {
                thread.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, stale.get(), "no answer from a check begun before its call");
    }

    @Test
    void aFailureReachesTheCallersOfItsRoundAndTheNextRoundChecksAgain() {
        AtomicInteger checks = new AtomicInteger();
        IllegalStateException broken = new IllegalStateException("unreadable");
        SharedCheck<Integer> shared = new SharedCheck<>(() -> {
            if (checks.incrementAndGet() == 1) {
                throw broken;
            }
            return checks.get();
        });

        assertSame(broken, assertThrows(IllegalStateException.class, shared::get), "the check's own exception");
        assertEquals(2, shared.get(), "the failed round is not an answer for later calls");
    }

    @Test
    void anErrorIsPassedOnAsItIs() {
        AssertionError error = new AssertionError("bug");
        SharedCheck<Integer> shared = new SharedCheck<>(() -> {
            throw error;
        });

        assertSame(error, assertThrows(AssertionError.class, shared::get));
    }

    @Test
    void aRoundAfterAFailedOneWaitsForItAndRuns() throws Exception {
        CountDownLatch failing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        SharedCheck<Integer> shared = new SharedCheck<>(() -> {
            if (checks.incrementAndGet() == 1) {
                failing.countDown();
                await(release);
                throw new IllegalStateException("first fails");
            }
            return checks.get();
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(shared::get);
            await(failing);
            Future<Integer> second = threads.submit(shared::get);
            awaitJoined(shared, 2);
            release.countDown();

            assertTrue(assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> first.get(WAIT_SECONDS, TimeUnit.SECONDS)).getCause() instanceof IllegalStateException);
            assertEquals(2, second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    /** Until {@code callers} calls have joined a round of {@code shared} (the opener counts as one). */
    private static void awaitJoined(SharedCheck<?> shared, int callers) {
        Await.until(() -> shared.joined() >= callers, Duration.ofSeconds(WAIT_SECONDS), callers + " callers joined");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
