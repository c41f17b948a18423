package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.StopOutcome;

/** {@code POST /proxy-stop}: {@code {"stopped":true,"pid","sessionCount"}} or {@code {"stopped":false,"error"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyStopResponse(boolean stopped, Long pid, Integer sessionCount, String error) {

    public static ProxyStopResponse from(StopOutcome outcome) {
        return switch (outcome) {
            case StopOutcome.Stopped s -> new ProxyStopResponse(true, s.pid(), s.sessionCount(), null);
            case StopOutcome.NotStopped n -> new ProxyStopResponse(false, null, null, n.reason());
        };
    }
}
