package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.StartProxyUseCase;
import dev.cliproxy.control.application.usecase.StopProxyUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.StopOutcome;
import java.net.URI;

/**
 * Start, stop and restart of a proxy on another host: its process is its host's to manage (CLIProxyAPI's management
 * API has no such operation), so each is refused with a conflict that says so.
 */
public final class RemoteProxyLifecycleService implements StartProxyUseCase, StopProxyUseCase, RestartProxyUseCase {

    private final URI baseUri;

    public RemoteProxyLifecycleService(URI baseUri) {
        this.baseUri = baseUri;
    }

    @Override
    public StartOutcome start() {
        throw refused("started");
    }

    @Override
    public StopOutcome stop() {
        throw refused("stopped");
    }

    @Override
    public RestartOutcome restart() {
        throw refused("restarted");
    }

    private ConflictException refused(String what) {
        return new ConflictException(ErrorCode.PROXY_IS_REMOTE, "The proxy at " + baseUri + " runs on another host "
                + "and is managed there: it is " + what + " on that host, not from here.");
    }
}
