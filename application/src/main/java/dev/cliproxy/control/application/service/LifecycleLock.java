package dev.cliproxy.control.application.service;

import dev.cliproxy.control.domain.port.StartupLockPort;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Runs a step of the life cycle while holding the startup lock shared with the CLI and this JVM's threads. */
final class LifecycleLock {

    private final StartupLockPort lock;
    private final Duration wait;

    LifecycleLock(StartupLockPort lock, Duration wait) {
        this.lock = lock;
        this.wait = wait;
    }

    /** The body's result, or empty when another holder kept the lock for the whole wait. */
    <T> Optional<T> whileHeld(Supplier<T> body) {
        Optional<StartupLockPort.Held> held = lock.acquire(wait);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(body.get());
        } finally {
            held.get().close();
        }
    }
}
