package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import java.time.Duration;

/**
 * The data of one {@code GET /events} event: the {@code proxy-status} body plus the {@code type} of change
 * ({@code status} for the first event of a stream, then {@code started}, {@code stopped}, {@code crashed},
 * {@code sessions-changed}; from the supervisor {@code restarting} with {@code attempt} and {@code delayMs},
 * {@code restarted}, and {@code crash-loop} with {@code attempt} and the proxy's {@code lastOutput}); in the
 * {@code ccs} remote mode, the remote proxy's {@code remote}, {@code state} and {@code version}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyEventResponse(String type, boolean running, Integer port, Long pid, Integer sessionCount,
                                 Long startedAt, Boolean supervised, Integer restarts, Long lastCrashAt,
                                 Boolean crashLoop, Integer attempt, Long delayMs, String lastOutput,
                                 String remote, String state, String version) {

    public static ProxyEventResponse from(ProxyStatusChange change) {
        ProxyStatusResponse status = change.supervision()
                .map(note -> ProxyStatusResponse.from(change.status(), note.state()))
                .orElseGet(() -> ProxyStatusResponse.from(change.status()));
        return new ProxyEventResponse(change.kind().id(), status.running(), status.port(), status.pid(),
                status.sessionCount(), status.startedAt(), status.supervised(), status.restarts(),
                status.lastCrashAt(), status.crashLoop(),
                change.supervision().map(ProxyStatusChange.Supervision::attempt).orElse(null),
                change.supervision().flatMap(ProxyStatusChange.Supervision::delay).map(Duration::toMillis)
                        .orElse(null),
                change.supervision().flatMap(ProxyStatusChange.Supervision::lastOutput).orElse(null),
                status.remote(), status.state(), status.version());
    }
}
