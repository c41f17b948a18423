package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.AlertsResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /alerts}: the webhooks and their last deliveries. */
final class AlertRoutes {

    private final AlertApi alerts;

    AlertRoutes(AlertApi alerts) {
        this.alerts = alerts;
    }

    void list(ServerRequest req, ServerResponse res) {
        JsonResponses.ok(res, AlertsResponse.from(alerts.list().alerts()));
    }
}
