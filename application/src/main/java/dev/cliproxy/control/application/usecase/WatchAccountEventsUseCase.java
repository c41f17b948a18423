package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountEvent;

/** The events of accounts being added, for {@code GET /events}: sign-ins started, accounts added, sign-ins failed. */
public interface WatchAccountEventsUseCase {

    /** Subscribes to every event from now on. */
    WatchProxyStatusUseCase.Subscription watch(Listener listener);

    /** Receives events on the thread that caused them: it must return quickly and not block. */
    @FunctionalInterface
    interface Listener {
        void event(AccountEvent event);
    }
}
