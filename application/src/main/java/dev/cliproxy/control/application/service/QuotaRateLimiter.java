package dev.cliproxy.control.application.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A sliding window of at most {@code max} admissions per {@code window}; one instance per provider. */
final class QuotaRateLimiter {

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> admitted = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    QuotaRateLimiter(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Empty when admitted; otherwise how long until the oldest admission leaves the window. */
    Optional<Duration> tryAcquire() {
        lock.lock();
        try {
            Instant now = clock.instant();
            Instant horizon = now.minus(window);
            while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(horizon)) {
                admitted.pollFirst();
            }
            if (admitted.size() >= max) {
                Duration wait = Duration.between(now, admitted.peekFirst().plus(window));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            }
            admitted.addLast(now);
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }
}
