package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.StartOutcome;

/**
 * {@code POST /proxy-start}: {@code {"started","alreadyRunning","port"}}, plus {@code "error"} when it failed. A proxy
 * that already ran was not started by this call: {@code started} is false then, as in the API document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyStartResponse(boolean started, boolean alreadyRunning, int port, String error) {

    public static ProxyStartResponse from(StartOutcome outcome) {
        return switch (outcome) {
            case StartOutcome.Started s -> new ProxyStartResponse(true, false, s.port(), null);
            case StartOutcome.AlreadyRunning a -> new ProxyStartResponse(false, true, a.port(), null);
            case StartOutcome.StartFailed f -> new ProxyStartResponse(false, false, f.port(), f.reason());
        };
    }
}
