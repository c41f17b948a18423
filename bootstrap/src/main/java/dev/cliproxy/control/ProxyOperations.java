package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyStatusChange;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import java.util.Objects;
import java.util.function.Consumer;

/** Controlling the proxy process: {@code control.proxy()}. */
public final class ProxyOperations {

    private final GetProxyStatusUseCase status;
    private final StartProxyUseCase start;
    private final StopProxyUseCase stop;
    private final RestartProxyUseCase restart;
    private final WatchProxyStatusUseCase watch;

    ProxyOperations(GetProxyStatusUseCase status, StartProxyUseCase start, StopProxyUseCase stop,
                    RestartProxyUseCase restart, WatchProxyStatusUseCase watch) {
        this.status = status;
        this.start = start;
        this.stop = stop;
        this.restart = restart;
        this.watch = watch;
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

    /**
     * Stops the recorded proxy, then starts it again, under one hold of the startup lock; the sessions registered
     * with the old process are registered with the new one.
     */
    public RestartOutcome restart() {
        return restart.restart();
    }

    /**
     * Calls {@code listener} with the current status, then with every change (started, stopped, crashed, sessions
     * changed), including changes made by other processes; close the returned handle to stop. The listener runs
     * on the watcher's thread and must return quickly.
     */
    public Watch watch(Consumer<ProxyStatusChange> listener) {
        Objects.requireNonNull(listener, "listener");
        return watch.watch(listener::accept)::close;
    }

    /** A running watch; closing it (twice is harmless) stops the calls. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
