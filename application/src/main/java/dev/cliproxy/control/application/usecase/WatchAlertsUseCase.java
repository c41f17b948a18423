package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountAlert;

/** The account alerts of {@code GET /events}: {@code quota-low}, {@code account-paused}, {@code token-expired}... */
public interface WatchAlertsUseCase {

    /** Subscribes to every alert from now on. */
    WatchProxyStatusUseCase.Subscription watch(Listener listener);

    /** Receives alerts on the thread that raised them: it must return quickly and not block. */
    @FunctionalInterface
    interface Listener {
        void alert(AccountAlert alert);
    }
}
