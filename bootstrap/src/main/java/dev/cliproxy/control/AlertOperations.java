package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.ListAlertsUseCase;
import dev.cliproxy.control.application.usecase.WatchAlertsUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.AlertsOverview;

/**
 * The account alerts ({@code quota-low}, {@code account-paused}, {@code account-resumed}, {@code token-expiring},
 * {@code token-expired}) and their webhook deliveries: {@code control.alerts()}.
 */
public final class AlertOperations {

    private final WatchAlertsUseCase watch;
    private final ListAlertsUseCase list;

    AlertOperations(WatchAlertsUseCase watch, ListAlertsUseCase list) {
        this.watch = watch;
        this.list = list;
    }

    /**
     * Calls {@code listener} with every alert from now on, on the thread that raised it (it must return quickly);
     * close the subscription to stop.
     */
    public WatchProxyStatusUseCase.Subscription watch(WatchAlertsUseCase.Listener listener) {
        return watch.watch(listener);
    }

    /** The webhooks of the control settings (never their secrets) and their last deliveries, newest first. */
    public AlertsOverview deliveries() {
        return list.alerts();
    }
}
