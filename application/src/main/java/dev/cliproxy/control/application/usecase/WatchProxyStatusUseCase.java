package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ProxyStatusChange;

/**
 * {@code GET /events}: tells each subscriber the current status, then every change of it (started, stopped,
 * crashed, sessions changed), including changes made by other processes through {@code sessions.json}.
 */
public interface WatchProxyStatusUseCase {

    /** Subscribes; the listener first gets a {@link ProxyStatusChange.Kind#CURRENT} then each change, in order. */
    Subscription watch(Listener listener);

    /** Receives changes on the watcher's thread: it must return quickly and not block. */
    @FunctionalInterface
    interface Listener {
        void changed(ProxyStatusChange change);
    }

    /** Ends a subscription; closing twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
