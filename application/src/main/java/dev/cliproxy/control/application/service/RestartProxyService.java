package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import java.util.Optional;

/**
 * Stop, then start, under one hold of the startup lock so that no other start or stop (of this JVM, another one or
 * the CLI) slips in between. The live sessions of the stopped proxy, with their owners, are registered with the new
 * process, so that the embedders and CLI sessions that used the old proxy keep it running.
 */
public final class RestartProxyService implements RestartProxyUseCase {

    private final ProxyPorts ports;
    private final StartProxyService starter;
    private final StopProxyService stopper;
    private final LifecycleLock lock;
    private final LiveSessions live;

    public RestartProxyService(ProxyPorts ports, ProxyTimings timings, StartProxyService starter,
                               StopProxyService stopper) {
        this.ports = ports;
        this.starter = starter;
        this.stopper = stopper;
        this.lock = new LifecycleLock(ports.startupLock(), timings.lockWait());
        this.live = new LiveSessions(ports.processes());
    }

    @Override
    public RestartOutcome restart() {
        int port = ports.settings().lifecyclePort();
        return lock.whileHeld(() -> restartLocked(port)).orElseGet(() -> new RestartOutcome(
                new StopOutcome.NotStopped(port, StartProxyService.busy(port)),
                new StartOutcome.StartFailed(port, StartProxyService.busy(port))));
    }

    private RestartOutcome restartLocked(int port) {
        Optional<SessionRecord> before = ports.sessions().read(port).map(live::pruned);
        StopOutcome stopped = stopper.stopLocked(port);
        Optional<SessionRecord> kept = stopped instanceof StopOutcome.Stopped
                ? before.filter(record -> !record.sessions().isEmpty()) : Optional.empty();
        // With sessions to carry over the new record gets them; otherwise it is a plain start, holding its own.
        StartOutcome started = starter.startLocked(port, kept.isEmpty());
        if (started instanceof StartOutcome.Started launched && kept.isPresent()) {
            ports.sessions().update(port, current -> current
                    .filter(record -> record.pid() == launched.pid())
                    .map(record -> withSessionsOf(record, kept.get())));
        }
        return new RestartOutcome(stopped, started);
    }

    static SessionRecord withSessionsOf(SessionRecord record, SessionRecord old) {
        SessionRecord result = record;
        for (String id : old.sessions()) {
            result = result.withSession(id, Optional.ofNullable(old.owners().get(id)));
        }
        return result;
    }
}
