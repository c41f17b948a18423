package dev.cliproxy.control.bootstrap.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a request body within a deadline. Helidon reads bodies with no time limit; past the deadline the reading
 * thread is interrupted, which closes the connection's channel, so a client that stalls mid-body loses its
 * connection instead of holding it (and the handler's thread) forever.
 */
final class BodyDeadline {

    private static final int READING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    private BodyDeadline() {
    }

    static byte[] readNBytes(InputStream in, int max, Duration timeout) throws IOException {
        AtomicInteger state = new AtomicInteger(READING);
        Thread reader = Thread.currentThread();
        Thread alarm = Thread.ofVirtual().name("cliproxy-body-deadline").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                return; // the read finished in time
            }
            if (state.compareAndSet(READING, TIMED_OUT)) {
                reader.interrupt();
            }
        });
        try {
            return in.readNBytes(max);
        } finally {
            if (state.compareAndSet(READING, DONE)) {
                alarm.interrupt();
            } else {
                // The alarm fired: the channel is closed; whatever the read did, there is no one to answer.
                Thread.interrupted();
            }
        }
    }
}
