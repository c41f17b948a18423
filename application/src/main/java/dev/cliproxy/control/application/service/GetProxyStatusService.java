package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Reads the session record of the current port and believes it only when its process is verifiably the proxy;
 * a stale record is removed. A proxy nobody recorded but that answers on the port is reported with no PID.
 * Sessions whose owner has died are not counted.
 */
public final class GetProxyStatusService implements GetProxyStatusUseCase {

    private final ProxySettingsPort settings;
    private final SessionStorePort sessions;
    private final ProxyApiPort proxyApi;
    private final RecordedProcessVerifier verifier;
    private final LiveSessions live;
    private final Duration probeTimeout;
    private final Predicate<SessionRecord> keepStale;

    public GetProxyStatusService(CcsLayout layout, ProxySettingsPort settings, SessionStorePort sessions,
                                 ProxyProcessPort processes, ProxyApiPort proxyApi, Duration probeTimeout) {
        this(layout, settings, sessions, processes, proxyApi, probeTimeout, record -> false);
    }

    /**
     * @param keepStale which records naming a dead process to leave in place: the supervisor's evidence of a crash
     *                  (a stop removes the record, a crash leaves it), until the supervisor has looked at it
     */
    public GetProxyStatusService(CcsLayout layout, ProxySettingsPort settings, SessionStorePort sessions,
                                 ProxyProcessPort processes, ProxyApiPort proxyApi, Duration probeTimeout,
                                 Predicate<SessionRecord> keepStale) {
        this.keepStale = keepStale;
        this.settings = settings;
        this.sessions = sessions;
        this.proxyApi = proxyApi;
        this.probeTimeout = probeTimeout;
        this.verifier = new RecordedProcessVerifier(layout, processes, proxyApi, probeTimeout);
        this.live = new LiveSessions(processes);
    }

    @Override
    public ProxyStatus status() {
        int port = settings.lifecyclePort();
        Optional<SessionRecord> record = sessions.read(port);
        if (record.isPresent()) {
            SessionRecord recorded = record.get();
            if (verifier.verify(recorded).isPresent()) {
                return new ProxyStatus.Running(port, OptionalLong.of(recorded.pid()), live.count(recorded),
                        Optional.of(recorded.startedAt()));
            }
            if (!keepStale.test(recorded)) {
                removeIfUnchanged(sessions, port, recorded);
            }
        }
        if (proxyApi.probe(port, probeTimeout) == ProbeResult.PROXY) {
            return new ProxyStatus.Running(port, OptionalLong.empty(), 0, Optional.empty());
        }
        return new ProxyStatus.NotRunning();
    }

    /** Drops a stale record, unless another writer replaced it meanwhile. */
    static void removeIfUnchanged(SessionStorePort sessions, int port, SessionRecord stale) {
        sessions.update(port, current -> current.filter(r -> r.pid() != stale.pid()));
    }
}
