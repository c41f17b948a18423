package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;

/** Controlling the proxy process: {@code control.proxy()}. */
public final class ProxyOperations {

    private final GetProxyStatusUseCase status;
    private final StartProxyUseCase start;
    private final StopProxyUseCase stop;

    ProxyOperations(GetProxyStatusUseCase status, StartProxyUseCase start, StopProxyUseCase stop) {
        this.status = status;
        this.start = start;
        this.stop = stop;
    }

    /** Whether the proxy of the current port runs, verified beyond its PID. */
    public ProxyStatus status() {
        return status.status();
    }

    /**
     * Starts the proxy unless one runs, and waits until it answers as healthy. A proxy started here keeps running
     * until {@link #stop()}, whatever sessions open and close meanwhile.
     */
    public StartOutcome start() {
        return start.start();
    }

    /** Stops the recorded proxy (SIGTERM, then a kill after the grace period), ending any sessions still open. */
    public StopOutcome stop() {
        return stop.stop();
    }
}
