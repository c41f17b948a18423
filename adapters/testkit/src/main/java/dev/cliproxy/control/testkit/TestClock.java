package dev.cliproxy.control.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when a test moves it, so caches, TTLs and timestamps are deterministic. */
public final class TestClock extends Clock {

    /** Where every fresh test clock starts. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    public TestClock() {
        this(EPOCH);
    }

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Moves time forward (never back: a clock that goes back is a different fault). */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, was " + step);
        }
        return now.updateAndGet(t -> t.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Time zones do not matter to the control plane (it speaks instants and epoch milliseconds).
        return this;
    }
}
