package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.ProxyStatus;

/** {@code GET /status}, the Node dashboard page's poll: {@code {"running":bool}}, as {@code proxy-status} decides. */
public record DashboardStatusResponse(boolean running) {

    public static DashboardStatusResponse from(ProxyStatus status) {
        return new DashboardStatusResponse(status.running());
    }
}
