package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.RestartOutcome;

/** {@code POST /proxy-restart}: {@code {"stopped":<as proxy-stop>,"started":<as proxy-start>}}. */
public record ProxyRestartResponse(ProxyStopResponse stopped, ProxyStartResponse started) {

    public static ProxyRestartResponse from(RestartOutcome outcome) {
        return new ProxyRestartResponse(ProxyStopResponse.from(outcome.stopped()),
                ProxyStartResponse.from(outcome.started()));
    }
}
