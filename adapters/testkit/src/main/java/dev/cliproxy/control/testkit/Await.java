package dev.cliproxy.control.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition instead of sleeping a fixed time: polls it every 10 ms and fails after a deadline generous
 * enough for a busy two-core machine, so a test is as fast as the code and never flaky for want of a few ms.
 */
public final class Await {

    /** How long {@link #until(BooleanSupplier, String)} waits. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after {@link #DEADLINE}. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, DEADLINE, what);
    }

    public static void until(BooleanSupplier condition, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
