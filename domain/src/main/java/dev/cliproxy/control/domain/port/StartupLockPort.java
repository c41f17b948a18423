package dev.cliproxy.control.domain.port;

import java.time.Duration;
import java.util.Optional;

/**
 * The cross-process startup mutex shared with the {@code ccs} CLI ({@code cliproxy/.startup.lock}): while one
 * process holds it, no other starts or stops the proxy.
 */
public interface StartupLockPort {

    /** Takes the lock, waiting up to {@code wait}; empty when another live holder kept it that long. */
    Optional<Held> acquire(Duration wait);

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
