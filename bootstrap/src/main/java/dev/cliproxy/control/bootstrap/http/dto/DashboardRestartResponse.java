package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.StartOutcome;

/**
 * {@code POST /restart}, the Node dashboard page's button: {@code {"success":true,"port"}} when a proxy runs after
 * the restart, else {@code {"success":false,"error"}}, in the shape the Node dashboard answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DashboardRestartResponse(boolean success, Integer port, String error) {

    public static DashboardRestartResponse from(RestartOutcome outcome) {
        return switch (outcome.started()) {
            case StartOutcome.Started s -> new DashboardRestartResponse(true, s.port(), null);
            case StartOutcome.AlreadyRunning a -> new DashboardRestartResponse(true, a.port(), null);
            case StartOutcome.StartFailed f -> new DashboardRestartResponse(false, null, f.reason());
        };
    }
}
