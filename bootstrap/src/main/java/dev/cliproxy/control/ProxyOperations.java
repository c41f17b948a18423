package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.domain.model.ProxyStatus;

/** Controlling the proxy process: {@code control.proxy()}. */
public final class ProxyOperations {

    private final GetProxyStatusUseCase status;

    ProxyOperations(GetProxyStatusUseCase status) {
        this.status = status;
    }

    /** Whether the proxy of the current port runs, verified beyond its PID. */
    public ProxyStatus status() {
        return status.status();
    }
}
