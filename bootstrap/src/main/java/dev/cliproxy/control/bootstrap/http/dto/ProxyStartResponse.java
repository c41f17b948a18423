package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.StartOutcome;

/** {@code POST /proxy-start}: {@code {"started","alreadyRunning","port"}}, plus {@code "error"} when not started. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyStartResponse(boolean started, boolean alreadyRunning, int port, String error) {

    public static ProxyStartResponse from(StartOutcome outcome) {
        return switch (outcome) {
            case StartOutcome.Started s -> new ProxyStartResponse(true, false, s.port(), null);
            case StartOutcome.AlreadyRunning a -> new ProxyStartResponse(true, true, a.port(), null);
            case StartOutcome.StartFailed f -> new ProxyStartResponse(false, false, f.port(), f.reason());
        };
    }
}
