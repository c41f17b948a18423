package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.ProxyStatus;

/** {@code GET /proxy-status}: {@code {"running":true,"port","pid","sessionCount","startedAt"}} or {@code {"running":false}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyStatusResponse(boolean running, Integer port, Long pid, Integer sessionCount, Long startedAt) {

    public static ProxyStatusResponse from(ProxyStatus status) {
        return switch (status) {
            case ProxyStatus.Running r -> new ProxyStatusResponse(true, r.port(),
                    r.pid().isPresent() ? r.pid().getAsLong() : null, r.sessionCount(),
                    r.startedAt().map(java.time.Instant::toEpochMilli).orElse(null));
            case ProxyStatus.NotRunning n -> new ProxyStatusResponse(false, null, null, null, null);
        };
    }
}
