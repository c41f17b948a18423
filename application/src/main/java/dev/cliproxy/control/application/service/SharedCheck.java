package dev.cliproxy.control.application.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A check that concurrent callers share, without ever answering one of them with a result older than its call: a
 * caller joins only a check that has not begun yet, and checks run one after the other. So a caller that arrives
 * while a check runs waits for that one to end and then gets the next, which it shares with everyone who arrived
 * meanwhile; at most the check it arrived during plus its own. Under a poll of many clients this turns one check
 * per call into one per round of calls, while whatever a caller saw happen before it asked (a proxy exiting, a
 * port opening) is in its answer.
 *
 * @param <T> what the check tells (shared between its callers: immutable)
 */
final class SharedCheck<T> {

    /**
     * How many times at most the opener of a round gathers: it gathers again while callers keep arriving, so that a
     * round serves all who are on their way, but never for longer than a few turns of the scheduler.
     */
    static final int MAX_GATHERS = 8;

    private final Supplier<T> check;
    private final Runnable gather;
    private final ReentrantLock lock = new ReentrantLock();
    /** The last round begun or waiting to begin; guarded by {@link #lock}. */
    private CompletableFuture<T> latest = CompletableFuture.completedFuture(null);
    /** The round that has not begun yet, which arriving callers join; guarded by {@link #lock}. */
    private CompletableFuture<T> waiting;
    /** Callers that joined any round so far (a gather looks at its growth); guarded by {@link #lock}. */
    private int joined;

    SharedCheck(Supplier<T> check) {
        // Lets the callers already running on this thread's carrier arrive and join first: under load a round then
        // serves most of them; with nobody else to run it returns at once. (A refused connect, the look with no proxy
        // running, costs as much CPU as answering a few requests: the fewer rounds, the more answers.)
        this(check, Thread::yield);
    }

    /** @param gather what the opener of a round does first, so that callers about to arrive join it */
    SharedCheck(Supplier<T> check, Runnable gather) {
        this.check = check;
        this.gather = gather;
    }

    /** The result of a check begun after this call: its failure, if it threw. */
    T get() {
        CompletableFuture<T> round;
        CompletableFuture<T> previous = null;
        lock.lock();
        try {
            if (waiting == null) {
                previous = latest;
                waiting = new CompletableFuture<>();
                latest = waiting;
            }
            joined++;
            round = waiting;
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            run(previous, round);
        }
        try {
            return round.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw (Error) e.getCause(); // a Supplier throws nothing else
        }
    }

    /** Callers that joined a round so far: a gather compares it before and after; tests wait on it. */
    int joined() {
        lock.lock();
        try {
            return joined;
        } finally {
            lock.unlock();
        }
    }

    /** The caller that opened {@code round} runs it, once {@code previous} has ended. */
    private void run(CompletableFuture<T> previous, CompletableFuture<T> round) {
        previous.exceptionally(failure -> null).join();
        int seen = joined();
        for (int gathers = 1; ; gathers++) {
            gather.run();
            int now = joined();
            if (now == seen || gathers == MAX_GATHERS) {
                break;
            }
            seen = now;
        }
        lock.lock();
        try {
            waiting = null; // begun: from now on a caller waits for the next round
        } finally {
            lock.unlock();
        }
        try {
            round.complete(check.get());
        } catch (RuntimeException | Error failure) {
            round.completeExceptionally(failure);
        }
    }
}
