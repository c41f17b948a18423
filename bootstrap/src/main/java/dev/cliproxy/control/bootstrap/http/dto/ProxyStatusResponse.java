package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.SupervisionStatus;
import java.time.Instant;

/**
 * {@code GET /proxy-status}: {@code {"running":true,"port","pid","sessionCount","startedAt"}} or
 * {@code {"running":false}}, plus, once supervision is on or has anything to tell, the supervisor's
 * {@code supervised}, {@code restarts}, {@code lastCrashAt} (when it saw a crash) and {@code crashLoop}. A proxy on
 * another host (the {@code ccs} remote mode) is {@code {"running","port","remote":<its URL>,"state","version"?,
 * "message"?}}: what it answered, never with the local supervisor's fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyStatusResponse(boolean running, Integer port, Long pid, Integer sessionCount, Long startedAt,
                                  Boolean supervised, Integer restarts, Long lastCrashAt, Boolean crashLoop,
                                  String remote, String state, String version, String message) {

    public static ProxyStatusResponse from(ProxyStatus status, SupervisionStatus supervision) {
        ProxyStatusResponse plain = from(status);
        if (supervision.equals(SupervisionStatus.OFF) || status instanceof ProxyStatus.Remote) {
            // Never supervised: the API document's shape, as the Node dashboard's clients know it.
            return plain;
        }
        return new ProxyStatusResponse(plain.running(), plain.port(), plain.pid(), plain.sessionCount(),
                plain.startedAt(), supervision.supervised(), supervision.restarts(),
                supervision.lastCrashAt().map(Instant::toEpochMilli).orElse(null), supervision.crashLoop().isPresent(),
                null, null, null, null);
    }

    /** The status alone, without the supervisor's fields. */
    public static ProxyStatusResponse from(ProxyStatus status) {
        return switch (status) {
            case ProxyStatus.Running r -> new ProxyStatusResponse(true, r.port(),
                    r.pid().isPresent() ? r.pid().getAsLong() : null, r.sessionCount(),
                    r.startedAt().map(Instant::toEpochMilli).orElse(null), null, null, null, null,
                    null, null, null, null);
            case ProxyStatus.Remote r -> new ProxyStatusResponse(r.running(), r.port(), null, null, null, null, null,
                    null, null, r.baseUri().toString(), r.state().id(), r.version().orElse(null),
                    r.message().orElse(null));
            case ProxyStatus.NotRunning n -> new ProxyStatusResponse(false, null, null, null, null, null, null, null,
                    null, null, null, null, null);
        };
    }
}
