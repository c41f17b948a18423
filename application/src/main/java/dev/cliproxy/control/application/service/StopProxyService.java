package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.model.StopOutcome;
import dev.cliproxy.control.domain.port.ProxyProcessPort.Termination;
import java.util.Optional;

/**
 * Stops the recorded proxy of the current port: only a process verified to be that proxy is ever signalled
 * (SIGTERM, then a kill after the grace period). Sessions still open are ended with it, as the CLI does: the
 * record is cleared and the answer reports how many live sessions it had, so that no one is orphaned silently.
 * A proxy nobody recorded (started by hand) is left alone, since nothing proves which process it is.
 */
public final class StopProxyService implements StopProxyUseCase {

    private final ProxyLifecycle lifecycle;

    public StopProxyService(ProxyLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public StopOutcome stop() {
        return stop(lifecycle.port());
    }

    StopOutcome stop(int port) {
        return lifecycle.whileHeld(() -> stopLocked(port))
                .orElseGet(() -> new StopOutcome.NotStopped(port, ProxyLifecycle.busy(port)));
    }

    /** The stop itself; the caller holds the startup lock. */
    StopOutcome stopLocked(int port) {
        Optional<SessionRecord> record = lifecycle.record(port);
        if (record.isEmpty()) {
            if (lifecycle.probe(port) == ProbeResult.PROXY) {
                return new StopOutcome.NotStopped(port, "CLIProxy answers on port " + port + " but neither this"
                        + " tool nor ccs recorded its process (it was started by hand), so it was not signalled."
                        + " Stop it where it was started.");
            }
            return new StopOutcome.NotStopped(port, "CLIProxy is not running on port " + port + ".");
        }
        SessionRecord recorded = record.get();
        Optional<ProcessInfo> process = lifecycle.verify(recorded);
        if (process.isEmpty()) {
            lifecycle.removeIfUnchanged(port, recorded);
            return new StopOutcome.NotStopped(port, "CLIProxy was not running on port " + port
                    + " (a stale session record was cleaned up).");
        }
        int sessionCount = lifecycle.liveSessionCount(recorded);
        Termination termination = lifecycle.ports().processes().terminate(process.get(),
                lifecycle.timings().stopGrace());
        lifecycle.removeIfUnchanged(port, recorded);
        if (termination == Termination.NOT_RUNNING) {
            return new StopOutcome.NotStopped(port, "CLIProxy exited on its own before it was stopped"
                    + " (its session record was cleaned up).");
        }
        return new StopOutcome.Stopped(port, recorded.pid(), sessionCount, termination == Termination.KILLED);
    }
}
