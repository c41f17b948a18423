package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.SessionRecord;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Reads the session record of the current port and believes it only when its process is verifiably the proxy;
 * a stale record is removed. A proxy nobody recorded but that answers on the port is reported with no PID.
 * Sessions whose owner has died are not counted.
 */
public final class GetProxyStatusService implements GetProxyStatusUseCase {

    private final ProxyLifecycle lifecycle;
    private final Predicate<SessionRecord> keepStale;

    public GetProxyStatusService(ProxyLifecycle lifecycle) {
        this(lifecycle, record -> false);
    }

    /**
     * @param keepStale which records naming a dead process to leave in place: the supervisor's evidence of a crash
     *                  (a stop removes the record, a crash leaves it), until the supervisor has looked at it
     */
    public GetProxyStatusService(ProxyLifecycle lifecycle, Predicate<SessionRecord> keepStale) {
        this.lifecycle = lifecycle;
        this.keepStale = keepStale;
    }

    @Override
    public ProxyStatus status() {
        return status(lifecycle.port());
    }

    /**
     * The status of the proxy on {@code port}, which the caller has just read from the settings: a status of the
     * target the settings name (local or remote) then reads them once, not once for each.
     */
    public ProxyStatus status(int port) {
        Optional<SessionRecord> record = lifecycle.record(port);
        if (record.isPresent()) {
            SessionRecord recorded = record.get();
            if (lifecycle.verify(recorded).isPresent()) {
                return new ProxyStatus.Running(port, OptionalLong.of(recorded.pid()),
                        lifecycle.liveSessionCount(recorded), Optional.of(recorded.startedAt()));
            }
            if (!keepStale.test(recorded)) {
                lifecycle.removeIfUnchanged(port, recorded);
            }
        }
        if (lifecycle.probe(port) == ProbeResult.PROXY) {
            return new ProxyStatus.Running(port, OptionalLong.empty(), 0, Optional.empty());
        }
        return new ProxyStatus.NotRunning();
    }
}
