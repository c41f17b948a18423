package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.ListAlertsUseCase;
import dev.cliproxy.control.application.usecase.WatchAlertsUseCase;
import java.util.Objects;

/** What the API serves of the alerts: their events, and the webhooks' last deliveries. */
public record AlertApi(WatchAlertsUseCase watch, ListAlertsUseCase list) {

    public AlertApi {
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(list, "list");
    }
}
