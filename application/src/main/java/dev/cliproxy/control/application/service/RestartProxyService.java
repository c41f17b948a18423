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

    private final ProxyLifecycle lifecycle;
    private final StartProxyService starter;
    private final StopProxyService stopper;

    public RestartProxyService(ProxyLifecycle lifecycle, StartProxyService starter, StopProxyService stopper) {
        this.lifecycle = lifecycle;
        this.starter = starter;
        this.stopper = stopper;
    }

    @Override
    public RestartOutcome restart() {
        int port = lifecycle.port();
        return lifecycle.whileHeld(() -> restartLocked(port)).orElseGet(() -> new RestartOutcome(
                new StopOutcome.NotStopped(port, ProxyLifecycle.busy(port)),
                new StartOutcome.StartFailed(port, ProxyLifecycle.busy(port))));
    }

    private RestartOutcome restartLocked(int port) {
        Optional<SessionRecord> before = lifecycle.record(port).map(lifecycle::pruned);
        StopOutcome stopped = stopper.stopLocked(port);
        Optional<SessionRecord> kept = stopped instanceof StopOutcome.Stopped
                ? before.filter(record -> !record.sessions().isEmpty()) : Optional.empty();
        // With sessions to carry over the new record gets them; otherwise it is a plain start, holding its own.
        StartOutcome started = starter.startLocked(port, kept.isEmpty());
        if (started instanceof StartOutcome.Started launched && kept.isPresent()) {
            lifecycle.ports().sessions().update(port, current -> current
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
