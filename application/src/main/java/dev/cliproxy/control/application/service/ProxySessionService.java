package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.CloseProxySessionUseCase;
import dev.cliproxy.control.application.usecase.OpenProxySessionUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.ProxySession;
import dev.cliproxy.control.domain.model.SessionOwner;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StartOutcome;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sessions of embedding programs, kept in {@code sessions.json} beside the CLI's with their owner (PID and start
 * instant) in our {@code sessionOwners} field. Opening starts the proxy when none runs; closing the last live
 * session stops it. A proxy started by a plain start holds a session of its own and so outlives its embedders.
 * Sessions whose owner has died are dropped whenever the record is written.
 */
public final class ProxySessionService implements OpenProxySessionUseCase, CloseProxySessionUseCase {

    private final ProxyLifecycle lifecycle;
    private final ProxyPorts ports;
    private final StartProxyService starter;
    private final StopProxyService stopper;

    public ProxySessionService(ProxyLifecycle lifecycle, StartProxyService starter, StopProxyService stopper) {
        this.lifecycle = lifecycle;
        this.ports = lifecycle.ports();
        this.starter = starter;
        this.stopper = stopper;
    }

    @Override
    public ProxySession open() {
        return lifecycle.whileHeld(this::openLocked).orElseThrow(this::busy);
    }

    private ProxySession openLocked() {
        StartOutcome started = starter.start(false);
        int port = started.port();
        OptionalLong pid = switch (started) {
            case StartOutcome.StartFailed failed -> throw new ServiceUnavailableException(ErrorCode.PROXY_START_FAILED,
                    failed.reason());
            case StartOutcome.Started s -> OptionalLong.of(s.pid());
            case StartOutcome.AlreadyRunning a -> a.pid();
        };
        String id = ProxyLifecycle.newSessionId();
        if (pid.isEmpty()) {
            return new ProxySession(port, id, false);
        }
        SessionOwner owner = SessionOwner.of(ports.processes().self());
        Optional<SessionRecord> stored = ports.sessions().update(port, current -> current
                .filter(record -> record.pid() == pid.getAsLong())
                .map(record -> lifecycle.pruned(record).withSession(id, Optional.of(owner))));
        if (stored.isEmpty()) {
            throw new ServiceUnavailableException(ErrorCode.PROXY_STOPPED, "Another program stopped the proxy on port "
                    + port + "; open the session again.");
        }
        return new ProxySession(port, id, true);
    }

    @Override
    public void close(ProxySession session) {
        if (session.registered()) {
            lifecycle.whileHeld(() -> closeLocked(session)).orElseThrow(this::busy);
        }
    }

    /** Returns whether the session was still registered. */
    private boolean closeLocked(ProxySession session) {
        Optional<SessionRecord> before = ports.sessions().read(session.port());
        if (before.isEmpty() || !before.get().sessions().contains(session.id())) {
            return false;
        }
        long pid = before.get().pid();
        Optional<SessionRecord> after = ports.sessions().update(session.port(), current -> current
                .map(record -> lifecycle.pruned(record.withoutSessions(List.of(session.id())))));
        if (after.filter(record -> record.pid() == pid && record.sessions().isEmpty()).isPresent()) {
            stopper.stop(session.port());
        }
        return true;
    }

    private ServiceUnavailableException busy() {
        return new ServiceUnavailableException(ErrorCode.PROXY_BUSY, ProxyLifecycle.busy(lifecycle.port()));
    }
}
