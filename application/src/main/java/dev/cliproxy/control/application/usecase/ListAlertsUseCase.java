package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AlertsOverview;

/** {@code GET /alerts}: the webhooks and their last deliveries, never a secret. */
public interface ListAlertsUseCase {

    AlertsOverview alerts();
}
