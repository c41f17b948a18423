package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.domain.port.RemoteProxyPort;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of a proxy on another host: its health route on every check (no key, so no risk of a ban), and its
 * management API ({@code GET /v0/management/debug}, the cheapest route, whose answer carries
 * {@code X-CPA-VERSION} even when it refuses the key) at most every {@link #RECHECK}: a status polled every second
 * makes one management call in thirty, and none at all once the key was refused.
 */
public final class RemoteProxyCheckAdapter implements RemoteProxyPort {

    /** How long what the management API said is believed. */
    static final Duration RECHECK = Duration.ofSeconds(30);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final RemoteProxyClient client;
    private final Clock clock;
    private volatile Management known;

    public RemoteProxyCheckAdapter(RemoteProxyClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public ProxyStatus.Remote check(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        RemoteProxyClient.Health health = client.health(timeout);
        if (!health.state().answered()) {
            return status(health.state(), Optional.empty(), health.message());
        }
        if (client.target().managementKey().isEmpty()) {
            return status(RemoteState.NO_MANAGEMENT_KEY, Optional.empty(), Optional.of("No management key is"
                    + " configured for it: its version, config, logs and auth files are not asked for."));
        }
        Management last = known;
        if (last != null && last.at().plus(RECHECK).isAfter(clock.instant())) {
            return status(last.state(), last.version(), last.message());
        }
        Management now = management(Duration.ofNanos(Math.max(1, end - System.nanoTime())), last);
        if (now.kept()) {
            known = now;
        }
        return status(now.state(), now.version(), now.message());
    }

    private Management management(Duration left, Management last) {
        Optional<String> lastVersion = last == null ? Optional.empty() : last.version();
        HttpResponse<byte[]> answer;
        try {
            answer = client.exchange(HttpRequest.newBuilder().GET(), "debug", left, MAX_ANSWER_BYTES);
        } catch (ControlException e) {
            RemoteState state = switch (e.errorCode().orElse(ErrorCode.REMOTE_UNREACHABLE)) {
                case MANAGEMENT_KEY_REJECTED -> RemoteState.KEY_REJECTED;
                case MANAGEMENT_FORBIDDEN -> RemoteState.FORBIDDEN;
                default -> RemoteState.MANAGEMENT_UNAVAILABLE;
            };
            return new Management(state, lastVersion, e.detail(), clock.instant(),
                    state != RemoteState.MANAGEMENT_UNAVAILABLE);
        }
        Optional<String> version = answer.headers().firstValue(RemoteProxyClient.VERSION_HEADER)
                .map(client::cleared).filter(v -> !v.isBlank()).or(() -> lastVersion);
        int status = answer.statusCode();
        String said = client.remoteError(answer.body());
        return switch (status) {
            case 200 -> new Management(RemoteState.READY, version, Optional.empty(), clock.instant(), true);
            case 401 -> new Management(RemoteState.KEY_REJECTED, version, Optional.of("Its management API refused"
                    + " the key (HTTP 401" + said + "); the key is not sent again until it changes."), clock.instant(),
                    true);
            case 403 -> new Management(RemoteState.FORBIDDEN, version, Optional.of("Its management API refused"
                    + " this address (HTTP 403" + said + ")."), clock.instant(), true);
            default -> new Management(RemoteState.MANAGEMENT_UNAVAILABLE, version, Optional.of(
                    "Its management API answered HTTP " + status + said + (status == 404
                            ? ": it has none without remote-management.secret-key in its config" : "")),
                    clock.instant(), true);
        };
    }

    private ProxyStatus.Remote status(RemoteState state, Optional<String> version, Optional<String> message) {
        return new ProxyStatus.Remote(client.target().baseUri(), state, version, message);
    }

    /**
     * What the management API said, and when; {@code kept} unless it did not answer (a time-out or a failed
     * connection may pass at once: the next check asks again).
     */
    private record Management(RemoteState state, Optional<String> version, Optional<String> message, Instant at,
                              boolean kept) {
    }
}
