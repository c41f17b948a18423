package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.ProxyStatusChange;

/**
 * The data of one {@code GET /events} event: the {@code proxy-status} body plus the {@code type} of change
 * ({@code status} for the first event of a stream, then {@code started}, {@code stopped}, {@code crashed},
 * {@code sessions-changed}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyEventResponse(String type, boolean running, Integer port, Long pid, Integer sessionCount,
                                 Long startedAt) {

    public static ProxyEventResponse from(ProxyStatusChange change) {
        ProxyStatusResponse status = ProxyStatusResponse.from(change.status());
        return new ProxyEventResponse(change.kind().id(), status.running(), status.port(), status.pid(),
                status.sessionCount(), status.startedAt());
    }
}
