package dev.cliproxy.control.application.service;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A check run over and over on one virtual thread, with a wait between two runs, from {@link #start()} until
 * {@link #stop()} or {@link #close()}: the background loop of the services that watch something. A check that throws
 * a {@link RuntimeException} (a file mid-replacement, a transient I/O error) is logged and the next one runs as
 * planned: one failure must not end the watch. A task runs once; a watch that starts again makes a new one.
 */
final class PeriodicTask implements AutoCloseable {

    /** How long {@link #close()} waits for a check in progress to end. */
    static final Duration JOIN_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(PeriodicTask.class.getName());

    private final String threadName;
    private final String what;
    private final Supplier<Duration> wait;
    private final Runnable check;
    private final boolean waitFirst;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    /** Guarded by {@link #lock}, as are the fields below. */
    private Thread thread;
    private boolean wakeCalled;
    private volatile boolean closed;

    private PeriodicTask(String threadName, String what, Supplier<Duration> wait, Runnable check, boolean waitFirst) {
        this.threadName = threadName;
        this.what = what;
        this.wait = wait;
        this.check = check;
        this.waitFirst = waitFirst;
    }

    /**
     * Waits, then checks, and so on.
     *
     * @param threadName the thread's name
     * @param what       what the check does, for the log of its failures ({@code supervision check})
     * @param wait       how long to wait before each check; asked before each wait
     */
    static PeriodicTask waitingFirst(String threadName, String what, Supplier<Duration> wait, Runnable check) {
        return new PeriodicTask(threadName, what, wait, check, true);
    }

    /** Checks at once, then waits, and so on; the parameters as for {@link #waitingFirst}. */
    static PeriodicTask checkingFirst(String threadName, String what, Supplier<Duration> wait, Runnable check) {
        return new PeriodicTask(threadName, what, wait, check, false);
    }

    /** Starts the thread; a second call, or a call after {@link #close()}, does nothing. */
    void start() {
        lock.lock();
        try {
            if (thread == null && !closed) {
                thread = Thread.ofVirtual().name(threadName).start(this::run);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the wait under way, or else the next one, at once: something came that the check must see. */
    void wake() {
        tell(() -> wakeCalled = true);
    }

    /**
     * Ends the loop without waiting for it, and without interrupting the check under way (which may be the caller):
     * no check begins after it.
     */
    void stop() {
        tell(() -> closed = true);
    }

    /** Makes {@code change} to what the wait looks at, and tells the waiting thread. */
    private void tell(Runnable change) {
        lock.lock();
        try {
            change.run();
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the loop: the wait or check under way is interrupted, and its end waited for up to {@link #JOIN_WAIT}. */
    @Override
    public void close() {
        stop();
        Thread running;
        lock.lock();
        try {
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(JOIN_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            if (waitFirst) {
                pause();
            }
            while (!closed) {
                try {
                    check.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "{0} failed: {1}", what, e.getMessage());
                }
                pause();
            }
        } catch (InterruptedException e) {
            // Closed.
        }
    }

    /** Waits {@link #wait} unless woken or closed meanwhile. */
    private void pause() throws InterruptedException {
        // Asked outside the lock: the supplier may take its owner's lock, which may be held while waking this.
        long left = wait.get().toNanos();
        lock.lock();
        try {
            while (!wakeCalled && !closed && left > 0) {
                left = woken.awaitNanos(left);
            }
            wakeCalled = false;
        } finally {
            lock.unlock();
        }
    }
}
